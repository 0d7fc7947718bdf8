/** Persian text main itself shows or stores: window titles, the default terms, branch-list import. */
export const WINDOW_TITLES_FA = { staff: 'میز حساب‌های شعبه', kiosk: 'پیشخوان شهروند' } as const;

/** REG-2: the registration terms until a supervisor sets the branch's own. */
export const DEFAULT_TERMS_TEXT_FA =
  'متقاضی با ثبت نام در سامانهٔ متمرکز تأمین اجتماعی می‌پذیرد که کد ملی یا شناسهٔ واردشده متعلق به خود اوست و ' +
  'مسئولیت ورود کد ملی دیگران یا اطلاعات نادرست با واردکننده است. شمارهٔ همراه و رایانامهٔ ثبت‌شده راه‌های ارتباط سازمان ' +
  'با بیمه‌شده است و در سامانه‌های دیگر نیز به کار می‌رود؛ بازیابی رمز عبور فقط از راه شمارهٔ همراه ثبت‌شده ممکن است. ' +
  'رمز عبور را نزد خود نگه دارید و در اختیار دیگری قرار ندهید.';

/** A branch CSV's first line is a header when its first cell says "code" (in either language). */
export const BRANCH_CSV_HEADER = /code|کد/i;

/** Each bad line of a branch CSV, by code. */
export const BRANCH_IMPORT_FA = {
  CSV_SYNTAX: 'قالب CSV خراب است.',
  BRANCH_CODE_FORMAT: 'کد شعبه باید ۴ رقم باشد.',
  DUPLICATE_CODE: (line: string) => `این کد شعبه در سطر ${line} هم آمده است.`,
  NAME_REQUIRED: 'نام شعبه خالی یا بیش از حد بلند است.',
  PROVINCE_TOO_LONG: 'نام استان بیش از حد بلند است.',
  EMPTY: 'پرونده هیچ شعبه‌ای ندارد.',
} as const;
