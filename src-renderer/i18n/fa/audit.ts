/** Labels of the audit area. */
export const audit = {
  title: '',
} as const;
