/** The renderer's one Persian catalogue: screen labels here, messages shared with main. */
export { ERROR_MESSAGES_FA, SUCCESS_MESSAGES_FA, WARNING_MESSAGES_FA } from '../../shared/i18n/fa-messages';
export { FIELD_MESSAGES_FA, fieldMessageFa } from '../../shared/i18n/fa-fields';

export const fa = {
  appTitle: 'میز حساب‌های شعبه',
  kioskTitle: 'پیشخوان خدمات شهروند',
  nav: {
    home: 'پیشخوان',
    menu: 'فهرست',
  },
  status: {
    version: 'نسخه',
    mode: { electron: 'برنامهٔ رومیزی', browser: 'حالت مرورگر' },
    database: 'پایگاه داده',
    databaseReady: 'آماده',
    databaseDown: 'در دسترس نیست',
    engine: { sqlite: 'SQLite', postgresql: 'PostgreSQL' },
    sms: 'درگاه پیامک',
    smsState: { online: 'برخط', offline: 'برون‌خط', unknown: 'نامشخص' },
    adapter: { file: 'پرونده (آموزشی)', smpp: 'SMPP', kannel: 'Kannel', none: 'تنظیم نشده' },
    queued: 'در صف',
    training: 'حالت آموزشی: پیامک‌ها فقط در پرونده نوشته می‌شوند و برای کسی فرستاده نمی‌شوند.',
    loading: 'در حال دریافت وضعیت…',
  },
  home: {
    welcome: 'به میز حساب‌های شعبه خوش آمدید',
    intro: 'ثبت نام حساب‌های پرتال بیمه‌شدگان، صدور شناسهٔ اتباع خارجی و بازیابی رمز عبور در باجهٔ شعبه.',
  },
  session: {
    expired: 'این صفحه نشست معتبری ندارد. پیوندی را که برنامه هنگام شروع چاپ کرده است دوباره باز کنید.',
  },
} as const;
