/**
 * SAMPLE DATA (Persian names, so kept with the catalogues) — not the organisation's real lists. Loaded on first run so a new installation can
 * be tried at once; a supervisor imports the real branch list from CSV (reference:import-branches
 * or `node out/main/cli.js import-branches FILE`). Rows loaded from here are flagged is_sample.
 */
export const SAMPLE_BRANCHES: ReadonlyArray<{ code: string; name: string; province: string }> = [
  { code: '1001', name: 'شعبهٔ ۱ تهران (مرکزی)', province: 'تهران' },
  { code: '1002', name: 'شعبهٔ ۲ تهران (ونک)', province: 'تهران' },
  { code: '1003', name: 'شعبهٔ ۳ تهران (تجریش)', province: 'تهران' },
  { code: '1011', name: 'شعبهٔ کرج', province: 'البرز' },
  { code: '2001', name: 'شعبهٔ ۱ مشهد', province: 'خراسان رضوی' },
  { code: '3001', name: 'شعبهٔ ۱ اصفهان', province: 'اصفهان' },
  { code: '4001', name: 'شعبهٔ ۱ تبریز', province: 'آذربایجان شرقی' },
  { code: '5001', name: 'شعبهٔ ۱ شیراز', province: 'فارس' },
  { code: '6001', name: 'شعبهٔ ۱ اهواز', province: 'خوزستان' },
  { code: '7001', name: 'شعبهٔ ۱ رشت', province: 'گیلان' },
];

/** REG-1: registration is open only to some groups; these defaults mark which. */
export const SAMPLE_INSURANCE_GROUPS: ReadonlyArray<{ code: string; name: string; registrationOpen: boolean }> = [
  { code: 'MANDATORY', name: 'بیمه‌شدگان اجباری', registrationOpen: true },
  { code: 'SELF', name: 'بیمه‌شدگان مشاغل آزاد', registrationOpen: true },
  { code: 'VOLUNTARY', name: 'بیمه‌شدگان اختیاری', registrationOpen: true },
  { code: 'DRIVERS', name: 'رانندگان', registrationOpen: false },
  { code: 'PENSIONERS', name: 'مستمری‌بگیران', registrationOpen: false },
];
