/** Labels of the staffAdmin area. */
export const staffAdmin = {
  title: '',
} as const;
