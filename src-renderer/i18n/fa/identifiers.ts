/** Labels of the identifiers area. */
export const identifiers = {
  title: '',
} as const;
