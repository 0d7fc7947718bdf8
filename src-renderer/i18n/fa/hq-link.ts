import type { HqLinkStopCode } from '../../../shared/contract/hq-link.contract';
import { JOURNAL_REFUSALS_FA } from '../../../shared/i18n/fa-journal';

/** What the supervisor does after each stop (the «ستاد» screen's red alarm). */
const AFTER_REFUSAL = 'به ستاد خبر دهید و تا روشن شدن علت، پیوند را از سر نگیرید.';

/** Labels of the live link to headquarters (issue 9): status bar, home, the «ستاد» screen and Settings → Headquarters. */
export const hqLink = {
  label: 'ستاد',
  state: {
    'not-configured': 'تنظیم نشده',
    unknown: 'در حال بررسی',
    online: 'برخط',
    offline: 'برون‌خط',
    stopped: 'متوقف (هشدار)',
  },
  /** «ستاد: برخط — رسیده تا ردیف ۱۲۰؛ ۵ ردیف، ۰٫۳ ساعت عقب» */
  behind: (acked: string, entries: string, hours: string) => `رسیده تا ردیف ${acked}؛ ${entries} ردیف و ${hours} ساعت عقب`,
  upToDate: (acked: string) => `رسیده تا ردیف ${acked}؛ به‌روز`,
  offlineReason: {
    network: 'ستاد در دسترس نیست (شبکه)',
    tls: 'اتصال امن برقرار نشد: گواهی ستاد با گواهی مرجع تنظیم‌شده نمی‌خواند',
    timeout: 'ستاد در زمان مقرر پاسخ نداد',
    server: 'ستاد پاسخ درستی نداد (خطای کارساز ستاد)',
  },
  nextAttempt: (at: string) => `تلاش بعدی: ${at}`,
  offlineNote:
    'تا برقراری خط، همهٔ کارها در همین شعبه ثبت و نگه داشته می‌شود و چیزی از دست نمی‌رود؛ با برگشتن خط، دسته‌ها خودبه‌خود به ستاد می‌روند.',
  card: {
    title: 'پیوند زنده با ستاد',
    notConfigured: 'پیوند با ستاد تنظیم نشده است؛ سرپرست می‌تواند نشانی ستاد، گواهی مرجع و کلید ستاد را در «تنظیمات» وارد کند. تا آن زمان دسته‌ها را با حافظهٔ USB بفرستید.',
    lastContact: 'آخرین تماس با ستاد',
  },
  alarm: {
    title: 'هشدار: ارسال به ستاد متوقف شد',
    batch: (id: string) => `دسته: ${id}`,
    at: (when: string) => `زمان توقف: ${when}`,
    resume: 'از سرگیری پیوند',
    resumed: 'پیوند با ستاد از سر گرفته شد.',
    resumeHelp: 'پس از برطرف شدن علت (مثلاً ثبت ایستگاه در ستاد یا اصلاح کلید ستاد در تنظیمات) پیوند را از سر بگیرید.',
    home: 'ارسال به ستاد متوقف شده است. سرپرست باید صفحهٔ ستاد را ببیند.',
    open: 'صفحهٔ ستاد',
    /** Why it stopped and what to do, per stop code. */
    why: {
      ...Object.fromEntries(Object.entries(JOURNAL_REFUSALS_FA).map(([code, text]) => [code, `ستاد دسته را نپذیرفت: ${text} ${AFTER_REFUSAL}`])),
      UNKNOWN_STATION: `ستاد دسته را نپذیرفت: ${JOURNAL_REFUSALS_FA.UNKNOWN_STATION} پس از ثبت ایستگاه در ستاد، پیوند را از سر بگیرید.`,
      ACK_BAD_SIGNATURE:
        'رسید ستاد با کلید ستاد که در تنظیمات آمده است نمی‌خواند: یا رسید در راه دست‌کاری شده، یا کلید ستاد در تنظیمات نادرست است. کلید را با ستاد تلفنی بسنجید و سپس پیوند را از سر بگیرید.',
      ACK_MISMATCH: 'ستاد رسید دستهٔ دیگری را برگرداند؛ چیزی ثبت نشد. به ستاد خبر دهید.',
      HQ_AHEAD:
        'ستاد ردیف‌هایی از این ایستگاه دارد که این ایستگاه ندارد (مثلاً پس از بازگردانی پشتیبان). به ستاد خبر دهید؛ ممکن است این باجه شمارهٔ ایستگاه تازه‌ای لازم داشته باشد.',
    } as Record<HqLinkStopCode, string>,
  },
  settings: {
    title: 'ستاد (پیوند زنده)',
    intro:
      'با این تنظیمات، دسته‌های دفتر تغییرات خودبه‌خود به ستاد فرستاده می‌شوند. نشانی، گواهی مرجع و کلید ستاد را از ستاد بگیرید؛ پیوند فقط به کارسازی که گواهی‌اش را همین مرجع امضا کرده اعتماد می‌کند.',
    url: 'نشانی ستاد',
    urlHelp: 'نمونه: ‎https://hq.example.ir:8443‎',
    caPem: 'گواهی مرجع ستاد (PEM)',
    caPemHelp: 'متن کامل گواهی، از ‎-----BEGIN CERTIFICATE-----‎ تا ‎-----END CERTIFICATE-----‎',
    hqKeyText: 'کلید عمومی ستاد',
    hqKeyTextHelp: 'همان متنی که ستاد داده است: ‎hq-key/1;key=…‎',
    caSubject: 'دارندهٔ گواهی مرجع',
    caValidTo: 'اعتبار گواهی تا',
    fingerprint: 'اثر انگشت کلید ستاد (با ستاد تلفنی بسنجید)',
    save: 'ذخیره و اتصال',
    saved: 'تنظیمات ستاد ذخیره شد؛ پیوند اکنون تلاش می‌کند.',
  },
} as const;
