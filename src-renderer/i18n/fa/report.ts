/** Labels of the report area. */
export const report = {
  title: '',
} as const;
