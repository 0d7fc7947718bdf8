import { z } from 'zod';
import { channel } from './define';

export const DEFAULT_TERMS_TEXT =
  'متقاضی با ثبت نام در سامانهٔ متمرکز تأمین اجتماعی می‌پذیرد که کد ملی یا شناسهٔ واردشده متعلق به خود اوست و ' +
  'مسئولیت ورود کد ملی دیگران یا اطلاعات نادرست با واردکننده است. شمارهٔ همراه و رایانامهٔ ثبت‌شده راه‌های ارتباط سازمان ' +
  'با بیمه‌شده است و در سامانه‌های دیگر نیز به کار می‌رود؛ بازیابی رمز عبور فقط از راه شمارهٔ همراه ثبت‌شده ممکن است. ' +
  'رمز عبور را نزد خود نگه دارید و در اختیار دیگری قرار ندهید.';

/** Everything a supervisor can tune; defaults are the design's. */
export const SettingsSchema = z.strictObject({
  /** REG-2: the terms the applicant accepts, and their version (recorded with each registration). */
  termsVersion: z.string().min(1).max(20),
  termsText: z.string().min(20).max(20000),
  idleLockMinutes: z.number().int().min(1).max(240),
  resetCooldownSeconds: z.number().int().min(0).max(86400),
  resetDailyCap: z.number().int().min(1).max(100),
  resetPasswordLifeHours: z.number().int().min(1).max(168),
  resetSmsDeadlineHours: z.number().int().min(1).max(168),
  initialPasswordLifeDays: z.number().int().min(1).max(365),
  /** A clerk's reset within this many hours after a mobile change needs a supervisor. */
  mobileChangeGuardHours: z.number().int().min(0).max(720),
  smsAdapter: z.enum(['file', 'smpp', 'kannel', 'none']),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  termsVersion: '1',
  termsText: DEFAULT_TERMS_TEXT,
  idleLockMinutes: 10,
  resetCooldownSeconds: 120,
  resetDailyCap: 5,
  resetPasswordLifeHours: 24,
  resetSmsDeadlineHours: 24,
  initialPasswordLifeDays: 14,
  mobileChangeGuardHours: 24,
  smsAdapter: 'none',
};

export const settingsContract = {
  /** Supervisors read every setting. */
  'settings:get': channel({ role: 'supervisor', input: z.strictObject({}), output: SettingsSchema }),
  /** Supervisors change settings; each change is audited. */
  'settings:update': channel({ role: 'supervisor', input: SettingsSchema.partial().strict(), output: SettingsSchema }),
  /** REG-2: the current terms text for the registration screen. */
  'settings:terms': channel({
    role: 'staff',
    input: z.strictObject({}),
    output: z.strictObject({ version: z.string(), text: z.string() }),
  }),
};
