/** The branch → headquarters journal format (JOURNAL-FORMAT.md), shared by both sides. */
export * from './batch';
export * from './canonical-json';
export * from './entry.schema';
export * from './entry-check';
export * from './link';
export * from './refusals';
export * from './station-slip';
