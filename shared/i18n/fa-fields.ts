/**
 * Persian text for field-level validation codes. Shared schemas use these codes as their zod
 * messages; zod's own checks arrive as its issue code in upper case (e.g. `UNRECOGNIZED_KEYS`).
 */
export const FIELD_MESSAGES_FA: Record<string, string> = {
  REQUIRED: 'این فیلد لازم است.',
  INVALID_TYPE: 'مقدار این فیلد درست نیست.',
  UNRECOGNIZED_KEYS: 'فیلد ناشناخته‌ای فرستاده شده است.',
  TOO_SMALL: 'مقدار کوتاه‌تر از حد لازم است.',
  TOO_BIG: 'مقدار بلندتر از حد مجاز است.',
  SEARCH_TOO_SHORT: 'برای جست‌وجو دست‌کم دو حرف یا رقم بنویسید (نیم‌فاصله، کشیده و اعراب به شمار نمی‌آیند).',
  NUMBER_RANGE: 'این عدد بیرون از بازهٔ پذیرفتنی است.',
  BRANCH_CSV_TOO_LARGE: 'پروندهٔ CSV بزرگ‌تر از حد مجاز (۲۰۰٬۰۰۰ نویسه) است؛ آن را به چند پرونده تقسیم کنید.',
  INVALID_VALUE: 'مقدار انتخاب‌شده مجاز نیست.',
  INVALID_FORMAT: 'قالب مقدار درست نیست.',
  NATIONAL_CODE_FORMAT: 'کد ملی باید ۱۰ رقم باشد.',
  NATIONAL_CODE_CHECKSUM: 'کد ملی معتبر نیست (رقم کنترل نادرست است).',
  NATIONAL_CODE_REPEATED: 'کد ملی با ده رقم یکسان صادر نمی‌شود؛ کد را از روی کارت دوباره بخوانید.',
  FOREIGN_ID_FORMAT: 'شناسهٔ اتباع خارجی باید ۱۲ رقم باشد.',
  FOREIGN_ID_CHECKSUM: 'شناسهٔ اتباع خارجی معتبر نیست (رقم کنترل نادرست است).',
  USERNAME_FORMAT: 'نام کاربری باید کد ملی ۱۰ رقمی یا شناسهٔ ۱۲ رقمی باشد.',
  INSURANCE_NUMBER_FORMAT: 'شمارهٔ بیمه باید دقیقاً ۱۰ رقم باشد.',
  MOBILE_FORMAT: 'شمارهٔ همراه معتبر نیست (نمونه: ۰۹۱۲۱۲۳۴۵۶۷).',
  EMAIL_FORMAT: 'نشانی رایانامه معتبر نیست.',
  NON_ASCII_PASSWORD: 'صفحه‌کلید را انگلیسی کنید: رمز عبور فقط نویسه‌های انگلیسی می‌پذیرد.',
  PASSWORD_LENGTH: 'رمز عبور باید ۸ تا ۶۴ نویسه باشد.',
  PASSWORD_MISMATCH: 'رمز عبور جدید و تکرار آن یکسان نیستند.',
  NAME_REQUIRED: 'نام را وارد کنید.',
  LATIN_NAME_FORMAT: 'نام لاتین باید ۱ تا ۸۰ حرف انگلیسی باشد (فاصله، آپاستروف و خط تیره هم مجاز است).',
  BRANCH_CODE_FORMAT: 'کد شعبه باید ۴ رقم باشد.',
  STATION_FORMAT: 'شمارهٔ ایستگاه باید عددی از ۱ تا ۹۹ باشد.',
  DIGITS_ONLY: 'فقط رقم وارد کنید.',
  TRACKING_CODE_FORMAT: 'کد رهگیری باید ۸ رقم باشد.',
  COUNTRY_CODE: 'کشور را از فهرست انتخاب کنید.',
  DATE_FORMAT: 'تاریخ معتبر نیست.',
  BIRTH_DATE_RANGE: 'تاریخ تولد باید گذشته باشد و از سال ۱۲۷۸ (۱۹۰۰ میلادی) به این سو.',
  DOCUMENT_NUMBER_FORMAT: 'شمارهٔ مدرک باید ۳ تا ۳۰ حرف انگلیسی یا رقم باشد.',
  DOCUMENT_NOT_HOLDERS: 'کارت ملی باید کارت خود متقاضی باشد: شمارهٔ آن همان کد ملی اوست (اتباع خارجی کارت ملی ندارند).',
  REASON_REQUIRED: 'دلیل را بنویسید (دست‌کم ۳ نویسه).',
  TEXT_CONTROL_CHARS: 'این متن نویسهٔ کنترلی یا نشانهٔ جهت‌دهی پنهان دارد؛ آن را دوباره و بدون چسباندن از جای دیگر بنویسید.',
  HQ_URL_FORMAT: 'نشانی ستاد باید با ‎https://‎ آغاز شود (نمونه: ‎https://hq.example.ir‎)؛ ‎http://‎ فقط برای ‎127.0.0.1‎ پذیرفته است.',
  HQ_CA_FORMAT: 'گواهی مرجع باید متن PEM یک گواهی باشد، از ‎-----BEGIN CERTIFICATE-----‎ تا ‎-----END CERTIFICATE-----‎.',
  HQ_KEY_FORMAT: 'کلید ستاد باید به شکل ‎hq-key/1;key=…‎ باشد، همان‌طور که ستاد داده است.',
  STAFF_USERNAME_FORMAT: 'نام کاربری کارمند باید ۳ تا ۳۲ نویسهٔ انگلیسی، رقم، نقطه یا خط تیره باشد.',
};

export function fieldMessageFa(code: string): string {
  return FIELD_MESSAGES_FA[code] ?? FIELD_MESSAGES_FA.INVALID_FORMAT!;
}
