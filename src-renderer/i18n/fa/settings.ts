/** Labels of the settings area. */
export const settings = {
  title: '',
} as const;
