/**
 * The texts main sends by SMS (Persian ی, Latin digits: REC-2's sentence as the design fixes it).
 * `slot` is where the secret goes; it is stored encrypted, never in the text.
 */
export const SMS_TEXT_FA = {
  /** REC-2: the constant reset text. */
  reset: (trackingCode: string, slot: string) => `کاربر گرامی برای درخواست شما به کد رهگیری ${trackingCode} رمز ${slot} تخصیص داده شد.`,
  mobileCode: (slot: string) => `کد تأیید شمارهٔ همراه جدید شما در سامانهٔ تأمین اجتماعی: ${slot}`,
  mobileChanged: 'شمارهٔ همراه حساب شما در سامانهٔ تأمین اجتماعی تغییر کرد. اگر این درخواست از شما نبوده است، به شعبه مراجعه کنید.',
  /** The gateway test: one SMS part, with a code that tells this test apart from the others. */
  test: (code: string) => `پیام آزمایشی میز حساب‌های شعبه، کد آزمون ${code}`,
} as const;
