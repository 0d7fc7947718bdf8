/** Labels of the lookup area. */
export const lookup = {
  title: '',
} as const;
