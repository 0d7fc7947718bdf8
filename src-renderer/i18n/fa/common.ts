/** Labels shared by many screens. */
export const common = {
  appTitle: 'میز حساب‌های شعبه',
  kioskTitle: 'پیشخوان خدمات شهروند',
  save: 'ذخیره',
  cancel: 'انصراف',
  confirm: 'تأیید',
  close: 'بستن',
  print: 'چاپ',
  back: 'بازگشت',
  search: 'جستجو',
  loading: 'در حال بارگذاری…',
  yes: 'بله',
  no: 'خیر',
  none: '—',
  logout: 'خروج',
  required: 'لازم',
  optional: 'اختیاری',
  reason: 'دلیل',
  capsLockOn: 'کلید Caps Lock روشن است؛ رمز عبور به بزرگی و کوچکی حروف حساس است.',
  persianLayout: 'صفحه‌کلید فارسی است؛ برای رمز عبور صفحه‌کلید را انگلیسی کنید.',
  /** A whole-number field's help line and its error, with the contract's limits. */
  numberRange: (min: string, max: string) => `عددی از ${min} تا ${max}`,
  numberRangeWithHelp: (help: string, min: string, max: string) => `${help}؛ عددی از ${min} تا ${max}`,
  numberRangeError: (min: string, max: string) => `عددی صحیح از ${min} تا ${max} وارد کنید.`,
  secondsToWait: (d: string) => `لطفاً ${d} دیگر دوباره تلاش کنید.`,
  /** A wait in words; the digits come in already Persian. */
  duration: {
    seconds: (s: string) => `${s} ثانیه`,
    minutes: (m: string) => `${m} دقیقه`,
    both: (m: string, s: string) => `${m} دقیقه و ${s} ثانیه`,
  },
  /** Between the items of a list in running text. */
  listSeparator: '، ',
  /** The data grids' page range (MUI X's Persian locale leaves it in English); digits already Persian. */
  grid: {
    range: (from: string, to: string, count: string) => `${from}–${to} از ${count}`,
    rangeOpen: (from: string, to: string) => `${from}–${to} از بیش از ${to}`,
  },
  /** The Jalali date fields' empty sections (MUI X's Persian texts leave them as YYYY/MM/DD). */
  dates: {
    yearPlaceholder: 'سال',
    monthPlaceholder: 'ماه',
    dayPlaceholder: 'روز',
  },
  idDocument: {
    title: 'مدرک شناسایی دیده‌شده',
    type: 'نوع مدرک',
    number: 'شمارهٔ مدرک',
    types: {
      national_card: 'کارت ملی',
      birth_certificate: 'شناسنامه',
      passport: 'گذرنامه',
      residence_permit: 'پروانهٔ اقامت',
      amayesh_card: 'کارت آمایش',
      refugee_card: 'کارت پناهندگی',
      census_slip: 'برگهٔ سرشماری',
    },
  },
} as const;
