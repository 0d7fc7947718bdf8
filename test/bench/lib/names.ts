import { seeded } from '../../helpers/seeded';

/**
 * Realistic Persian names for the benchmark's accounts: common first and last names with a
 * skewed (Zipf-like) frequency, as at a real branch — «رضا», «علی», «محمدی», «حسینی» are very
 * common, most names are rare. Some are typed as a counter keyboard may leave them: Arabic-layout
 * ي/ك, a ZWNJ or a space inside compound surnames. Deterministic (seeded), so a cached database
 * is the same database.
 */
const FIRST = [
  'محمد', 'علی', 'رضا', 'حسین', 'فاطمه', 'زهرا', 'مریم', 'مهدی', 'حسن', 'امیر',
  'سارا', 'محمدرضا', 'علیرضا', 'معصومه', 'نرگس', 'ابوالفضل', 'سید محمد', 'اکبر', 'رقیه', 'سکینه',
  'جواد', 'مجید', 'سعید', 'حمید', 'مرتضی', 'مصطفی', 'هادی', 'ناصر', 'کبری', 'طاهره',
  'زینب', 'لیلا', 'الهام', 'نسرین', 'پروین', 'شهلا', 'منیژه', 'مینا', 'آزاده', 'ریحانه',
  'رضوان', 'رحیم', 'رسول', 'روح‌الله', 'عباس', 'یوسف', 'یعقوب', 'کاظم', 'کریم', 'غلامرضا',
  'بهروز', 'بهرام', 'داریوش', 'کوروش', 'آرش', 'سیاوش', 'فرهاد', 'فرشته', 'فریبا', 'شیرین',
  'نازنین', 'هستی', 'یاسمن', 'یگانه', 'محدثه', 'محبوبه', 'ملیحه', 'منصوره', 'اعظم', 'اشرف',
  'سمیه', 'سمانه', 'صدیقه', 'عاطفه', 'عطیه', 'فاطمه‌زهرا', 'حمیدرضا', 'امیرحسین', 'محمدحسین', 'امید',
  'پیمان', 'پژمان', 'کامران', 'کیوان', 'مسعود', 'منصور', 'میلاد', 'نیما', 'وحید', 'یاسر',
] as const;

const LAST = [
  'محمدی', 'حسینی', 'احمدی', 'رضایی', 'موسوی', 'کریمی', 'جعفری', 'صادقی', 'رحیمی', 'هاشمی',
  'قاسمی', 'کاظمی', 'ابراهیمی', 'محمدزاده', 'حسین‌زاده', 'علیزاده', 'رضوی', 'نوری', 'اکبری', 'عباسی',
  'مرادی', 'سلطانی', 'امیری', 'نجفی', 'باقری', 'یوسفی', 'شریفی', 'حیدری', 'زارعی', 'غلامی',
  'طاهری', 'فرهادی', 'منصوری', 'میرزایی', 'نظری', 'سلیمانی', 'اسماعیلی', 'خسروی', 'بهرامی', 'قربانی',
  'نیک‌پور', 'نیکنام', 'پورمحمدی', 'رضاپور', 'رضازاده', 'محمدپور', 'کرمانی', 'تهرانی', 'شیرازی', 'اصفهانی',
  'تبریزی', 'یزدی', 'کاشانی', 'قزوینی', 'همدانی', 'مشهدی', 'گیلانی', 'مازندرانی', 'خراسانی', 'لرستانی',
  'دهقان', 'کشاورز', 'آهنگر', 'نجار', 'صالحی', 'فاضلی', 'عسگری', 'ملکی', 'شاکری', 'توکلی',
  'افشار', 'قاجار', 'زند', 'پهلوان', 'دلاوری', 'شجاعی', 'صفری', 'رجبی', 'شعبانی', 'رمضانی',
  'نادری', 'انصاری', 'مختاری', 'ستاری', 'جلالی', 'جمالی', 'کمالی', 'اقبالی', 'سبحانی', 'یزدانی',
  'آقایی', 'بابایی', 'دایی', 'خالقی', 'رستمی', 'سهرابی', 'فتحی', 'کیانی', 'مهدوی', 'وکیلی',
  'ایزدی', 'بیگی', 'پاکزاد', 'ثابتی', 'چراغی', 'حقیقی', 'خلیلی', 'دانشور', 'ذوالفقاری', 'راد',
  'زمانی', 'ژیان', 'سرمدی', 'شفیعی', 'صدری', 'ضیایی', 'طالبی', 'ظهیری', 'عارفی', 'غفاری',
  'فرجی', 'قنبری', 'کیا', 'گودرزی', 'لطفی', 'متقی', 'نصیری', 'واعظی', 'هدایتی', 'یگانه',
] as const;

/** Picks index k with weight 1/(k+1)^s: a few names are very common, most are rare. */
function zipf(n: number, s: number): (r: number) => number {
  const cum: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k++) cum.push((total += 1 / (k + 1) ** s));
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** As typed at some counters: Arabic-layout letters, or a space where a ZWNJ belongs. */
function asTyped(name: string, r: number): string {
  if (r < 0.06) return name.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
  if (r < 0.08) return name.replace(/\u200c/g, ' ');
  return name;
}

/** An endless, deterministic stream of (first, last) names. */
export function personNames(seed: number): () => { firstName: string; lastName: string } {
  const rnd = seeded(seed);
  const first = zipf(FIRST.length, 1.0);
  const last = zipf(LAST.length, 0.9);
  return () => ({
    firstName: asTyped(FIRST[first(rnd())]!, rnd()),
    lastName: asTyped(LAST[last(rnd())]!, rnd()),
  });
}
