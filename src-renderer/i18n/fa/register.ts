import { toPersianDigits } from '../../../shared/text/digits';

/** Labels of the register area (REG-1..11, BR-1). */
export const register = {
  title: 'ثبت نام حساب بیمه‌شده',
  /** Issue 9: the copy of headquarters' registry behind the cross-branch check is older than a day. */
  registryAge: (days: string, when: string) =>
    `فهرست ثبت‌نام‌های شعبه‌های دیگر ${days} روز کهنه است (وضعیت ستاد در ${when}). ثبت نامی که پس از آن در شعبهٔ دیگری انجام شده است اینجا دیده نمی‌شود.`,
  intro: 'متقاضی حاضر است و مدرک شناسایی او دیده شده است. کد ملی یا شناسه، نام کاربری و رمز اولیهٔ او می‌شود.',
  loadFailed: 'اطلاعات لازم برای ثبت نام دریافت نشد.',
  terms: {
    title: 'شرایط ثبت نام',
    version: (v: string) => `نسخهٔ ${toPersianDigits(v)}`,
    accepted: 'متقاضی شرایط ثبت نام را خواند و پذیرفت',
  },
  identity: {
    title: 'هویت متقاضی',
    foreign: 'اتباع خارجی می‌باشم',
    foreignHelp: 'برای اتباع خارجی: شناسهٔ ۱۲ رقمی که سرپرست شعبه صادر کرده است.',
    nationalCode: 'کد ملی',
    foreignId: 'شناسهٔ اتباع خارجی',
    digitsTyped: (n: number, of: number) => `${toPersianDigits(n)} از ${toPersianDigits(of)} رقم`,
    nationalCodeOk: 'کد ملی معتبر است.',
    foreignIdOk: 'رقم کنترل شناسه درست است.',
    valid: 'معتبر',
    // REG-5 as soon as the code is valid: when and where only, nothing else about the person.
    checking: 'در حال بررسی ثبت نام پیشین…',
    duplicate: (date: string, branch: string) => `با این کد در ${date} در ${branch} ثبت نام شده است؛ ثبت نام دوباره ممکن نیست.`,
    // From headquarters' registry copy: the same refusal registration gives (REGISTERED_ELSEWHERE).
    elsewhere: (date: string, branch: string) =>
      `با این کد در ${date} در ${branch} ثبت نام شده است (بنا بر فهرست ستاد)؛ ثبت نام دوباره ممکن نیست. کارهای حساب در همان شعبه یا از راه درگاه انجام می‌شود.`,
    unusable: 'با این شناسه نمی‌توان ثبت نام کرد؛ وضعیت آن در زیر آمده است.',
    holder: (name: string) => `دارندهٔ شناسه: ${name}`,
    holderChecking: 'در حال بررسی شناسه…',
    identifierState: {
      issued: 'آمادهٔ ثبت نام',
      registered: 'با این شناسه قبلاً ثبت نام شده است',
      revoked: 'این شناسه باطل شده است',
    },
  },
  insurance: {
    title: 'اطلاعات بیمه',
    branch: 'شعبهٔ بیمه‌ای متقاضی',
    branchHelp: 'نام یا کد شعبه را بنویسید و از فهرست انتخاب کنید.',
    noBranch: 'شعبه‌ای با این نام پیدا نشد.',
    group: 'گروه بیمه‌ای',
    groupHelp: 'فقط گروه‌هایی که ثبت نام برایشان باز است.',
    noOpenGroup: 'ثبت نام فعلاً برای هیچ گروه بیمه‌ای باز نیست؛ سرپرست باید از تنظیمات گروهی را باز کند.',
    insuranceNumber: 'شمارهٔ بیمه',
    insuranceNumberHelp: 'شمارهٔ بیمهٔ ۱۰ رقمی',
  },
  contact: {
    title: 'راه‌های ارتباط و نام',
    mobile: 'شمارهٔ همراه',
    mobileHelp: 'تنها راه بازیابی رمز عبور؛ مانند ۰۹۱۲۱۲۳۴۵۶۷',
    email: 'رایانامه',
    firstName: 'نام',
    lastName: 'نام خانوادگی',
    nameHelpForeign: 'اگر خالی بماند، نام ثبت‌شده در شناسه به کار می‌رود.',
  },
  submit: 'ثبت نام',
  receipt: {
    title: 'رسید ثبت نام',
    org: 'سازمان تأمین اجتماعی — سامانهٔ متمرکز',
    username: 'نام کاربری',
    kind: 'نوع متقاضی',
    kinds: { citizen: 'شهروند ایرانی (کد ملی)', foreign: 'اتباع خارجی (شناسه)' },
    name: 'نام',
    branch: 'شعبه',
    date: 'تاریخ ثبت نام',
    initialPassword: 'رمز اولیهٔ شما همان کد ملی / شناسهٔ شماست و باید در نخستین ورود آن را تغییر دهید.',
    expires: (date: string) => `اگر تا ${date} وارد نشوید، رمز اولیه منقضی می‌شود و باید از بازیابی رمز یا شعبه کمک بگیرید.`,
    print: 'چاپ رسید',
    another: 'ثبت نام جدید',
  },
} as const;
