import type { JournalRefusalCode } from '../journal/refusals';

/** Persian text for each reason headquarters refuses a journal batch (README: "What each refusal means"). */
export const JOURNAL_REFUSALS_FA: Record<JournalRefusalCode, string> = {
  UNKNOWN_STATION: 'این ایستگاه در ستاد ثبت نشده است. برگهٔ ثبت ایستگاه را به ستاد بدهید.',
  BAD_SIGNATURE: 'امضای دسته با کلید ثبت‌شدهٔ این ایستگاه نمی‌خواند: دسته دست‌کاری شده یا با کلید دیگری امضا شده است.',
  BODY_HASH_MISMATCH: 'محتوای دسته با چکیدهٔ فهرست آن یکی نیست: پرونده پس از امضا تغییر کرده یا ناقص است.',
  COUNT_MISMATCH: 'شمار ردیف‌های دسته با بازهٔ شماره‌هایش یکی نیست.',
  SEQUENCE_GAP: 'دسته پشت آخرین دستهٔ پذیرفته‌شده نمی‌آید: ستاد شمارهٔ دیگری را انتظار دارد.',
  BROKEN_LINK: 'دسته به دستهٔ پیشین این ایستگاه زنجیر نشده است.',
  REPLAY_DIFFERENT: 'دسته‌ای با همین شماره‌ها و محتوای دیگر پیش‌تر پذیرفته شده است.',
  AUDIT_ANCHOR_BACKWARDS: 'زنجیرهٔ ممیزی شعبه عقب رفته یا بازنویسی شده است.',
  OVERSIZED: 'دسته از اندازهٔ مجاز بزرگ‌تر است. آن را در دسته‌های کوچک‌تر صادر کنید.',
  MALFORMED: 'پرونده‌های دسته ساختار درستی ندارند.',
};
