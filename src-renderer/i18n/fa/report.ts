import { actions } from './actions';

/** Labels of the report area: the supervisor's daily report (issue 4, item 3; REG-6). */
export const report = {
  title: 'گزارش روزانه',
  intro: 'کارهای هر کاربر در روز انتخاب‌شده، بر پایهٔ رویدادنگاری شعبه.',
  day: 'روز',
  dayHelp: 'روز را از تقویم انتخاب کنید.',
  printedFor: (day: string) => `گزارش روز ${day}`,
  generatedAt: 'زمان تهیه',
  columns: {
    actor: 'کاربر',
    action: 'کار',
    count: 'تعداد',
  },
  total: 'جمع',
  empty: 'در این روز رویدادی ثبت نشده است.',
  system: 'سامانه',
  citizen: (masked: string) => `شهروند ${masked}`,
  chain: {
    title: 'سر زنجیرهٔ رویدادنگاری',
    lastId: 'ردیف آخرین رویداد',
    lastHash: 'چکیدهٔ آخرین رویداد',
    help: 'این دو مقدار را با گزارش چاپی روزهای بعد مقایسه کنید: اگر ردیف کمتر شود یا چکیدهٔ روزی عوض شود، رویدادنگاری بازسازی یا بریده شده است.',
  },
  station: {
    issuing: 'ایستگاه صادرکننده',
    none: 'این دستگاه هنوز ایستگاهی ندارد',
    label: (branchCode: string, stationNumber: string) => `شعبهٔ ${branchCode}، ایستگاه ${stationNumber}`,
    title: 'ثبت‌نام‌ها و شناسه‌ها به تفکیک ایستگاه',
    columns: { station: 'ایستگاه', registrations: 'ثبت‌نام', identifiers: 'شناسهٔ صادرشده' },
    empty: 'در این روز در هیچ ایستگاهی ثبت‌نام یا شناسه‌ای نبوده است.',
  },
  print: 'چاپ',
  csv: 'دریافت CSV',
  csvHeader: ['روز', 'کاربر', 'کد کار', 'کار', 'تعداد'],
  csvChain: 'سر زنجیره',
  csvGenerated: 'زمان تهیه',
  csvStation: 'ایستگاه صادرکننده',
  csvStationHeader: ['شعبه', 'ایستگاه', 'ثبت‌نام', 'شناسهٔ صادرشده'],
  /** Persian names of the audit actions (one list for the log and the report). */
  actions,
} as const;
