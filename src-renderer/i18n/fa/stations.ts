/** Labels of the stations screen: one station per counter, retired ones kept (issue 13). */
export const stations = {
  title: 'ایستگاه‌های شعبه',
  intro:
    'هر باجه ایستگاه خودش را دارد و شناسه‌هایی که صادر می‌کند شمارهٔ همان ایستگاه را دارند. باجهٔ تازه از صفحهٔ راه‌اندازیِ همان دستگاه افزوده می‌شود. ایستگاه بازنشسته دیگر چیزی صادر نمی‌کند و شماره‌اش هرگز دوباره داده نمی‌شود.',
  columns: {
    stationNumber: 'شمارهٔ ایستگاه',
    registeredAt: 'ثبت',
    issued: 'شناسه‌های صادرشده',
    state: 'وضعیت',
    retireReason: 'دلیل بازنشستگی',
    actions: 'کارها',
  },
  states: {
    thisMachine: 'همین دستگاه',
    active: 'فعال',
    unclaimed: 'در انتظار نخستین دستگاه',
    retired: (at: string) => `بازنشسته از ${at}`,
  },
  retire: 'بازنشسته کردن',
  retireTitle: (n: string) => `بازنشسته کردن ایستگاه ${n}`,
  retireText:
    'این ایستگاه دیگر شناسه‌ای صادر نمی‌کند و باجهٔ آن برای ادامهٔ کار باید با شمارهٔ تازه‌ای دوباره به شعبه افزوده شود. این کار برگشت‌پذیر نیست.',
  retireSubmit: 'بازنشسته شود',
  done: (n: string) => `ایستگاه ${n} بازنشسته شد.`,
  empty: 'ایستگاهی نیست.',
} as const;
