/** Labels of the outbox area. */
export const outbox = {
  title: '',
} as const;
