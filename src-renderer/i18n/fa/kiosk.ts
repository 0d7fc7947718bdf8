/** Labels of the kiosk area. */
export const kiosk = {
  title: '',
} as const;
