/** The window shown while a long migration runs, before the database (and the app) is ready. */
export const updating = {
  title: 'به‌روزرسانی پایگاه داده',
  progress: 'در حال به‌روزرسانی پایگاه داده، {percent}٪',
  starting: 'در حال به‌روزرسانی پایگاه داده…',
  hint: 'این کار فقط یک بار پس از نصب نسخهٔ تازه انجام می‌شود. لطفاً برنامه را نبندید.',
} as const;
