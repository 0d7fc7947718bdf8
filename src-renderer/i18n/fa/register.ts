/** Labels of the register area. */
export const register = {
  title: '',
} as const;
