import type { ErrorCode, SuccessCode, WarningCode } from '../errors';
import { toPersianDigits } from '../text/digits';

/**
 * Persian text for every code main can return. The renderer's catalogue (`src-renderer/i18n/fa`)
 * re-exports these, so an error code and its sentence are defined once for both processes.
 */
export const ERROR_MESSAGES_FA: Record<ErrorCode, string> = {
  VALIDATION: 'اطلاعات واردشده درست نیست. خطاهای کنار هر فیلد را ببینید.',
  BAD_REQUEST: 'این درخواست قالب درستی ندارد و پذیرفته نشد. برنامه را دوباره باز کنید و اگر تکرار شد به پشتیبانی خبر دهید.',
  REQUEST_TOO_LARGE: 'این درخواست بزرگ‌تر از اندازهٔ مجاز است و پذیرفته نشد.',
  UNAUTHENTICATED: 'نشست شما معتبر نیست. برنامه را دوباره باز کنید.',
  FORBIDDEN: 'شما اجازهٔ این کار را ندارید.',
  UNKNOWN_CHANNEL: 'این درخواست شناخته‌شده نیست.',
  SESSION_LOCKED: 'صفحه به دلیل بی‌کاری قفل شد. برای ادامه رمز عبور خود را وارد کنید.',
  INTERNAL: 'خطای داخلی رخ داد. دوباره تلاش کنید و اگر تکرار شد به پشتیبانی خبر دهید.',
  SETUP_REQUIRED: 'راه‌اندازی اولیه هنوز انجام نشده است.',
  SETUP_DONE: 'راه‌اندازی اولیه قبلاً انجام شده است.',
  STATION_TAKEN: 'این شمارهٔ ایستگاه قبلاً استفاده شده است و دوباره به کار نمی‌رود. شمارهٔ تازه‌ای وارد کنید.',
  STATION_REQUIRED: 'این دستگاه هنوز ایستگاهی از این شعبه ندارد. سرپرست باید در صفحهٔ راه‌اندازی، این باجه را به شعبه بیفزاید.',
  STATION_RETIRED: 'ایستگاه این دستگاه بازنشسته شده است و دیگر چیزی صادر نمی‌کند. سرپرست باید این باجه را با شمارهٔ تازه‌ای به شعبه بیفزاید.',
  STATION_IN_USE: 'ایستگاه همین دستگاه را نمی‌توان از همین دستگاه بازنشسته کرد؛ این کار را از باجهٔ دیگری انجام دهید.',
  BRANCH_KEYS_UNAVAILABLE:
    'کلیدهای شعبه برای این سرپرست در دسترس نیست. این سرپرست باید یک بار در باجه‌ای که به شعبه پیوسته است وارد شود (پس از هر تغییر رمز نیز)، سپس دوباره تلاش کنید.',
  INVALID_CREDENTIALS: 'نام کاربری یا رمز عبور درست نیست.',
  WRONG_CURRENT_PASSWORD: 'رمز عبور فعلی درست نیست. رمزی را که با آن وارد شدید بنویسید.',
  ACCOUNT_LOCKED: 'به دلیل تلاش‌های ناموفق، ورود موقتاً بسته شده است. پس از زمان اعلام‌شده دوباره تلاش کنید.',
  STAFF_DISABLED: 'این کاربر غیرفعال شده است. با سرپرست شعبه تماس بگیرید.',
  STAFF_EXISTS: 'کاربری با این نام کاربری وجود دارد.',
  PASSWORD_CHANGE_REQUIRED: 'پیش از هر کاری باید رمز عبور را تغییر دهید.',
  WEAK_PASSWORD: 'رمز عبور جدید پذیرفته نیست: ۸ تا ۶۴ نویسهٔ انگلیسی، غیر از کد ملی، شمارهٔ بیمه، شمارهٔ همراه و رمزهای رایج.',
  WEAK_STAFF_PASSWORD: 'رمز عبور جدید پذیرفته نیست: ۸ تا ۶۴ نویسهٔ انگلیسی، غیر از نام کاربری، رمز فعلی و رمزهای رایج.',
  PASSWORD_MISMATCH: 'رمز عبور جدید و تکرار آن یکسان نیستند.',
  NON_ASCII_PASSWORD: 'صفحه‌کلید را انگلیسی کنید: رمز عبور فقط نویسه‌های انگلیسی می‌پذیرد.',
  LAST_SUPERVISOR: 'آخرین سرپرست فعال را نمی‌توان غیرفعال کرد.',
  TERMS_NOT_ACCEPTED: 'متقاضی باید شرایط ثبت نام را بخواند و بپذیرد.',
  GROUP_CLOSED: 'ثبت نام برای این گروه بیمه‌ای فعلاً باز نیست.',
  UNKNOWN_GROUP: 'گروه بیمه‌ای انتخاب‌شده وجود ندارد.',
  UNKNOWN_BRANCH: 'شعبهٔ انتخاب‌شده در فهرست شعب نیست.',
  DUPLICATE_ACCOUNT: 'کاربری با این کد ملی یا شناسه قبلاً ثبت نام کرده است.',
  DOCUMENT_NOT_HOLDERS: 'این کارت ملی از آنِ صاحب این حساب نیست: شمارهٔ کارت ملی همان کد ملی اوست. کارت ملی خود شخص را ببینید.',
  IDENTIFIER_NOT_ISSUED: 'این شناسهٔ اتباع خارجی صادر نشده است. متقاضی باید برای دریافت شناسه به شعبه مراجعه کند.',
  IDENTIFIER_REVOKED: 'این شناسهٔ اتباع خارجی باطل شده است.',
  IDENTIFIER_USED: 'با این شناسهٔ اتباع خارجی قبلاً ثبت نام شده است.',
  IDENTIFIER_EXISTS: 'برای این مدرک، شناسهٔ معتبری قبلاً صادر شده است.',
  STATION_EXHAUSTED: 'شمارهٔ ترتیب این ایستگاه تمام شده است؛ ایستگاه باید شمارهٔ تازه بگیرد.',
  ACCOUNT_NOT_FOUND: 'حسابی با این مشخصات پیدا نشد.',
  ACCOUNT_DISABLED: 'این حساب غیرفعال است.',
  ACCOUNT_VOIDED: 'این ثبت نام باطل شده است.',
  INITIAL_PASSWORD_EXPIRED: 'رمز اولیه منقضی شده است. از بازیابی رمز عبور استفاده کنید یا به شعبه مراجعه کنید.',
  NOT_FOUND: 'مورد خواسته‌شده پیدا نشد.',
  NO_MOBILE: 'برای این حساب شمارهٔ همراهی ثبت نشده است؛ بازیابی رمز فقط با شمارهٔ همراه ممکن است.',
  RESET_COOLDOWN: 'درخواست بازیابی رمز همین حالا ثبت شده است. کمی بعد دوباره تلاش کنید.',
  RESET_DAILY_CAP: 'سقف درخواست‌های بازیابی رمز امروز پر شده است.',
  SUPERVISOR_APPROVAL_REQUIRED: 'این کار به تأیید سرپرست نیاز دارد.',
  VERIFICATION_FAILED: 'کد تأیید درست نیست.',
  RECOVERY_LIMIT: 'درخواست‌های بازیابی از این دستگاه یا برای این نام کاربری بیش از حد است؛ ساعتی دیگر دوباره بکوشید یا به باجهٔ شعبه بروید.',
  VERIFICATION_EXPIRED: 'کد تأیید منقضی شده است. دوباره درخواست دهید.',
  GATEWAY_ONLINE: 'درگاه پیامک در دسترس است؛ تأیید با کد پیامکی انجام شود.',
  MOBILE_CHANGE_ENDED: 'این درخواست تغییر شمارهٔ همراه دیگر باز نیست: پیش‌تر تأیید یا لغو شده، درخواست تازه‌تری جای آن را گرفته یا مهلت آن گذشته است.',
  IMPORT_FAILED: 'پرونده پذیرفته نشد. خطای هر سطر را ببینید.',
  MESSAGE_NOT_FOUND: 'پیامک پیدا نشد.',
  MESSAGE_NOT_RETRYABLE: 'این پیامک دوباره فرستادنی نیست (رمز آن از میان رفته است). در صورت نیاز بازیابی تازه‌ای انجام دهید.',
  EXPORT_FOLDER_INVALID: 'این پوشه پیدا نشد یا نوشتنی نیست. نشانی کامل پوشه (مثلاً حافظهٔ USB) را بدهید.',
  EXPORT_RUNNING: 'صدور دیگری در جریان است. تا پایان آن صبر کنید.',
  JOURNAL_DAMAGED: 'دفتر تغییرات این ایستگاه با دسته‌های صادرشده‌اش نمی‌خواند و صادر نشد. با پشتیبانی تماس بگیرید.',
  ACK_INVALID: 'این پرونده رسید ستاد نیست یا آسیب دیده است.',
  ACK_OTHER_STATION: 'این رسید از آنِ شعبه یا ایستگاه دیگری است.',
  ACK_UNKNOWN_BATCH: 'این رسید با هیچ دسته‌ای که این ایستگاه صادر کرده یکی نیست.',
  REGISTERED_ELSEWHERE:
    'این کد ملی یا شناسه پیش‌تر در {branch} ثبت نام شده است و ثبت نام دوباره ممکن نیست. کارهای حساب (مانند بازیابی رمز) در همان شعبه یا از راه درگاه انجام می‌شود.',
  IDENTIFIER_NUMBER_TAKEN:
    'شمارهٔ شناسهٔ بعدی این ایستگاه ({identifier}) پیش‌تر در {branch} به کار رفته است؛ پس شمارهٔ این ایستگاه پیش‌تر استفاده شده است. شناسه‌ای صادر نشد: این باجه را با شمارهٔ ایستگاه تازه‌ای به شعبه بیفزایید.',
  HQ_KEY_NOT_SET: 'کلید عمومی ستاد هنوز در «تنظیمات ← ستاد» ثبت نشده است؛ بی آن، فهرست ستاد را نمی‌توان وارسی کرد.',
  REGISTRY_INVALID: 'این پرونده فهرست ثبت‌نام‌های ستاد نیست یا آسیب دیده است (صفحهٔ {page}). چیزی از آن وارد نشد.',
  REGISTRY_BAD_SIGNATURE:
    'امضای صفحهٔ {page} فهرست ستاد با کلید ستاد نمی‌خواند: پرونده دست‌کاری شده یا از ستاد دیگری است. چیزی از آن وارد نشد.',
  REGISTRY_GAP:
    'این فهرست از نسخهٔ {from} آغاز می‌شود، اما نسخهٔ فهرست این شعبه {version} است و تغییرات میان آن دو نیامده است. چیزی وارد نشد؛ از ستاد فهرست کامل یا از نسخهٔ {version} بخواهید.',
  REGISTRY_TOO_LARGE: 'پروندهٔ فهرست ستاد بزرگ‌تر از حد پذیرفتنی است.',
  STATION_KEY_MISSING: 'کلید امضای این ایستگاه پیدا نشد. برنامه را یک بار باز کنید تا کلید ساخته شود.',
  HQ_CA_INVALID: 'گواهی مرجع ستاد خوانده نشد: متن کامل یک گواهی (از ‎-----BEGIN CERTIFICATE-----‎ تا ‎-----END CERTIFICATE-----‎) را بچسبانید.',
  HQ_KEY_INVALID: 'کلید عمومی ستاد درست نیست: متنی را که ستاد داده است (‎hq-key/1;key=…‎) کامل بچسبانید.',
  HQ_LINK_NOT_CONFIGURED: 'پیوند با ستاد هنوز تنظیم نشده است: نشانی ستاد، گواهی مرجع و کلید ستاد را در تنظیمات وارد کنید.',
  HQ_LINK_NOT_STOPPED: 'پیوند با ستاد متوقف نیست؛ نیازی به ازسرگیری نیست.',
  BACKUP_NOT_CONFIGURED: 'پوشهٔ پشتیبان هنوز در تنظیمات تعیین نشده است.',
  BACKUP_NO_PASSPHRASE: 'عبارت رمز پشتیبان هنوز تعیین نشده است؛ سرپرست باید آن را در صفحهٔ پشتیبان‌گیری تعیین کند.',
  BACKUP_FOLDER_UNREACHABLE: 'پوشهٔ پشتیبان در دسترس نیست (دیسک، حافظهٔ USB یا پوشهٔ شبکه را بررسی کنید).',
  BACKUP_FAILED: 'پشتیبان‌گیری انجام نشد. جزئیات در گزارش برنامه است؛ دوباره تلاش کنید.',
  BACKUP_NOT_A_BACKUP: 'این پرونده پشتیبان این برنامه نیست.',
  BACKUP_TRUNCATED: 'پروندهٔ پشتیبان ناقص است (بریده شده است) و بازگردانی نمی‌شود.',
  BACKUP_DAMAGED: 'پروندهٔ پشتیبان آسیب دیده یا دست‌کاری شده است و بازگردانی نمی‌شود.',
  BACKUP_WRONG_PASSPHRASE: 'عبارت رمز پشتیبان درست نیست.',
  BACKUP_NEWER_SCHEMA: 'این پشتیبان با نسخهٔ تازه‌تری از برنامه ساخته شده است؛ نخست برنامه را به‌روز کنید.',
  BACKUP_INTEGRITY_FAILED: 'پایگاه دادهٔ درون پشتیبان سالم نیست (integrity_check) و بازگردانی نمی‌شود.',
  BACKUP_AUDIT_BROKEN: 'زنجیرهٔ ممیزی درون پشتیبان شکسته است و بازگردانی نمی‌شود.',
  BACKUP_MANIFEST_MISMATCH: 'محتوای پشتیبان با شناسنامهٔ آن نمی‌خواند و بازگردانی نمی‌شود.',
  BACKUP_OTHER_DESK:
    'این پشتیبان از میز دیگری است (زنجیرهٔ ممیزی دیگر) و پایگاه دادهٔ این پوشه را جایگزین نمی‌کند؛ چیزی تغییر نکرد. پروندهٔ درست را بدهید، یا اگر این باجه عمداً جای آن میز را می‌گیرد، ‎--replace-other‎ را هم بنویسید.',
  PG_DUMP_MISSING: 'برنامهٔ pg_dump روی این رایانه نیست. بستهٔ postgresql-client-15 را نصب کنید یا مسیر آن را با PG_DUMP بدهید.',
  PG_DUMP_FAILED: 'pg_dump کار را به پایان نرساند. پیام آن را ببینید و دسترسی به پایگاه داده را بررسی کنید.',
};

/**
 * A code's sentence with its `{name}` places filled from the refusal's details (numbers in
 * Persian digits); a place without a detail stays as it is written.
 */
export function errorMessageFa(code: ErrorCode, details?: Readonly<Record<string, string | number | boolean>>): string {
  const text = ERROR_MESSAGES_FA[code];
  if (!details) return text;
  return text.replace(/\{([a-zA-Z]+)\}/g, (place, name: string) => {
    const v = details[name];
    if (v === undefined) return place;
    return typeof v === 'number' ? toPersianDigits(v) : String(v);
  });
}

/** A branch as a refusal names it: its name from the branch list with its code, or the code alone. */
export function branchLabelFa(code: string, name: string | null): string {
  return name ? `${name} (کد ${toPersianDigits(code)})` : `شعبه‌ای با کد ${toPersianDigits(code)}`;
}

export const WARNING_MESSAGES_FA: Record<WarningCode, string> = {
  NO_RECOVERY_CHANNEL: 'شمارهٔ همراه وارد نشد: بدون شمارهٔ همراه، بازیابی رمز عبور ممکن نیست.',
};

export const SUCCESS_MESSAGES_FA: Record<SuccessCode, string> = {
  // REG-11: the guide's own sentence.
  REGISTRATION_COMPLETED: 'ثبت نام با موفقیت انجام شد',
  PASSWORD_CHANGED: 'رمز عبور با موفقیت تغییر کرد.',
  RESET_QUEUED: 'رمز عبور جدید و کد رهگیری با پیامک ارسال می‌شود.',
};
