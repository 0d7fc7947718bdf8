/** Labels of the home area: the counter's start page (issue 4, item 3; BR-4). */
export const home = {
  title: 'پیشخوان',
  welcome: (name: string) => `${name}، خوش آمدید.`,
  today: (day: string) => `کارهای امروز شعبه — ${day}`,
  counts: {
    registrations: 'ثبت نام',
    resets: 'بازیابی رمز',
    identifiers: 'شناسهٔ اتباع صادرشده',
  },
  outbox: {
    title: 'صف پیامک',
    queued: 'پیامک در صف ارسال',
    gateway: 'درگاه پیامک',
    // BR-4: offline work goes on; messages wait.
    offline: 'درگاه پیامک در دسترس نیست. کار شعبه ادامه دارد و پیامک‌ها در صف می‌مانند تا ارتباط برقرار شود.',
    open: 'مشاهدهٔ صف',
  },
  actions: {
    title: 'کارهای باجه',
    register: 'ثبت نام تازه',
    lookup: 'جستجوی حساب',
    report: 'گزارش روزانه',
  },
} as const;
