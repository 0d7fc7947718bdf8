/** Labels of the home area. */
export const home = {
  title: '',
} as const;
