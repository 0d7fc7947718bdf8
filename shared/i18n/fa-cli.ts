/**
 * What the command line says to a branch's IT person: one Persian sentence and the same in
 * English (the person at a locked-out desk may read either), ending with a stable code in
 * parentheses that a support call can quote. Commands print through these, never inline text.
 */
export const CLI_REFUSAL_CODES = [
  'CLI_USAGE',
  'CLI_UNKNOWN_COMMAND',
  'CLI_UNKNOWN_OPTION',
  'CLI_FILE_NOT_FOUND',
  'CLI_FILE_NOT_UTF8',
  'CLI_FILE_TOO_LARGE',
  'CLI_NO_INSTALLATION',
  'CLI_KEY_MISSING',
  'CLI_KEY_SEALED_NEEDS_APP',
  'CLI_KEYCHAIN_UNAVAILABLE',
  'CLI_KEY_UNSEAL_FAILED',
  'CLI_KEY_FILE_DAMAGED',
  'CLI_DESK_RUNNING',
  'CLI_FAILED',
] as const;
export type CliRefusalCode = (typeof CLI_REFUSAL_CODES)[number];

/** The values a refusal names: the file, the folder, the command to run instead. */
export interface CliRefusalParams {
  file?: string;
  dataDir?: string;
  command?: string;
  appCommand?: string;
  detail?: string;
  usage?: string;
}

type Text = (p: CliRefusalParams) => { fa: string; en: string };

export const CLI_REFUSALS_FA: Record<CliRefusalCode, Text> = {
  CLI_USAGE: (p) => ({ fa: 'فرمان یا مقدارهای آن کامل نیست.', en: [p.detail, p.usage].filter(Boolean).join('\n') }),
  CLI_UNKNOWN_COMMAND: (p) => ({ fa: `فرمان «${p.command}» شناخته‌شده نیست.`, en: `unknown command: ${p.command}\n${p.usage ?? ''}`.trimEnd() }),
  CLI_UNKNOWN_OPTION: (p) => ({
    fa: `گزینهٔ «${p.detail}» برای این فرمان شناخته‌شده نیست؛ هیچ کاری انجام نشد.`,
    en: `unknown option ${p.detail}: nothing was done\n${p.usage ?? ''}`.trimEnd(),
  }),
  CLI_FILE_NOT_FOUND: (p) => ({ fa: `پرونده پیدا نشد: ${p.file}`, en: `File not found: ${p.file}` }),
  CLI_FILE_NOT_UTF8: (p) => ({
    fa: `پروندهٔ ${p.file} با UTF-8 نوشته نشده است (شاید Windows-1256 یا UTF-16)؛ آن را با کدگذاری UTF-8 ذخیره کنید. هیچ چیز نوشته نشد.`,
    en: `${p.file} is not UTF-8 text (Windows-1256 or UTF-16?): save it as UTF-8. Nothing was written.`,
  }),
  CLI_FILE_TOO_LARGE: (p) => ({
    fa: `پروندهٔ ${p.file} بزرگ‌تر از ${p.detail} است؛ آن را به چند پرونده تقسیم کنید. هیچ چیز نوشته نشد.`,
    en: `${p.file} is larger than ${p.detail}: split it into several files. Nothing was written.`,
  }),
  CLI_NO_INSTALLATION: (p) => ({
    fa: `در پوشهٔ دادهٔ ${p.dataDir} پایگاه داده‌ای نیست؛ --data-dir را درست بدهید.`,
    en: `No database at ${p.file}: give the desk's data folder with --data-dir.`,
  }),
  CLI_KEY_MISSING: (p) => ({
    fa: `کلید زنجیرهٔ ممیزی (${p.file}) پیدا نشد و بدون آن نمی‌توان ادامه داد؛ پوشهٔ keys را از پشتیبان برگردانید.`,
    en: `The audit chain key ${p.file} is missing and a new one would break the chain: restore the keys folder from the backup.`,
  }),
  CLI_KEY_SEALED_NEEDS_APP: (p) => ({
    fa: `پروندهٔ کلید ${p.file} را برنامهٔ دسکتاپ با گاوصندوق کلید سیستم‌عامل مهر کرده است و Node به‌تنهایی آن را باز نمی‌کند؛ همین فرمان را با خود برنامه اجرا کنید: ${p.appCommand}`,
    en: `The key file ${p.file} is sealed with this computer's keychain by the desktop app, which plain Node cannot open: run the same command through the app: ${p.appCommand}`,
  }),
  CLI_KEYCHAIN_UNAVAILABLE: (p) => ({
    fa: `پروندهٔ کلید ${p.file} با گاوصندوق کلید سیستم‌عامل مهر شده است ولی در این نشست گاوصندوق در دسترس نیست (در لینوکس: keyring باز نیست)؛ فرمان را در نشست میزکار همان کاربری اجرا کنید که برنامه را اجرا می‌کند.`,
    en: `The key file ${p.file} is sealed with the OS keychain, which is not available in this session (on Linux: no keyring): run the command in the desktop session of the user who runs the desk.`,
  }),
  CLI_KEY_UNSEAL_FAILED: (p) => ({
    fa: `گاوصندوق کلید این کاربر پروندهٔ ${p.file} را باز نکرد؛ فرمان را با همان کاربری اجرا کنید که برنامه را روی همین رایانه راه‌اندازی کرد، و اگر باز هم نشد پوشهٔ keys را از پشتیبان برگردانید.`,
    en: `This user's keychain could not unseal ${p.file}: run the command as the user who set the desk up on this computer; if it fails there too, restore the keys folder from the backup.`,
  }),
  CLI_KEY_FILE_DAMAGED: (p) => ({
    fa: `پروندهٔ کلید ${p.file} آسیب دیده است؛ پوشهٔ keys را از پشتیبان برگردانید (بدون آن برنامه کار نمی‌کند).`,
    en: `The key file ${p.file} is damaged: restore the keys folder from the backup (the desk cannot work without it).`,
  }),
  CLI_DESK_RUNNING: (p) => ({
    fa: `برنامه (یا فرمان دیگری) اکنون با پوشهٔ دادهٔ ${p.dataDir} کار می‌کند و این فرمان در پایگاه داده می‌نویسد؛ برنامه را در همهٔ نشست‌های این رایانه ببندید و دوباره اجرا کنید.`,
    en: `The desk (or another command) is using the data folder ${p.dataDir} and this command writes its database: close the desk in every session on this computer and run the command again.`,
  }),
  CLI_FAILED: (p) => ({ fa: `خطا: ${p.detail}`, en: `Failed: ${p.detail}` }),
};

/** The two lines a refusal prints, code last. */
export function cliRefusalText(code: CliRefusalCode, params: CliRefusalParams = {}): string {
  const t = CLI_REFUSALS_FA[code](params);
  return `${t.fa}\n${t.en} (${code})\n`;
}

/** The desk's own start-up refusal (an error box), when a writing command holds its data folder. */
export const DESK_START_FA = {
  title: 'میز حساب‌های شعبه',
  busy: (dataDir: string) =>
    `فرمانی از خط فرمان اکنون در پوشهٔ دادهٔ ${dataDir} می‌نویسد (یا برنامه در نشست دیگری باز است)؛ پس از پایان آن برنامه را دوباره باز کنید.\n` +
    `A command-line task is writing to the data folder ${dataDir} (or the desk is open in another session): open the desk again when it has finished. (CLI_DESK_RUNNING)`,
};

/** What the existing commands print on success and on their own refusals. */
export const CLI_TEXT_FA = {
  branchesImported: (n: number, where: string) => `${n} شعبه وارد شد (imported ${n} branches into ${where}).\n`,
  branchesNotImported: 'هیچ شعبه‌ای نوشته نشد.',
  branchLineError: (line: number, message: string, code: string) => `سطر ${line}: ${message} [${code}]\n`,
  moreLineErrors: (n: number) => `… و ${n} سطر نادرست دیگر (${n} more lines with errors).\n`,
  csvFileRequired: 'پروندهٔ CSV را نام ببرید (name the CSV file).',
  recoverArgsRequired: '--username و --code هر دو لازم‌اند (both --username and --code are needed).',
  supervisorRecovered: (username: string, temporaryPassword: string, recoveryCode: string) =>
    `رمز موقت سرپرست ${username}: ${temporaryPassword}\n` +
    'در نخستین ورود باید عوض شود (must be changed at the next login).\n' +
    `کد بازیابی تازه (the old one no longer works): ${recoveryCode}\n`,
  auditOk: (entries: number, head: string) => `ok\nentries: ${entries}\nhead: ${head}\nزنجیرهٔ ممیزی سالم است.\n`,
  auditBroken: (id: number | null, reason: string, entries: number) =>
    `BROKEN\n${id === null ? 'the anchor file' : `first broken entry: ${id}`} (${reason})\nentries verified: ${entries}\n`,
  auditBrokenFa: (id: number | null) =>
    id === null ? 'پروندهٔ لنگر زنجیرهٔ ممیزی دست‌کاری شده است.\n' : `زنجیرهٔ ممیزی از ردیف ${id} شکسته است.\n`,
  /** Issue 10 item 3: the entries the anchor file remembers and the database no longer holds. */
  auditMissing: (from: number, to: number) => `entries ${from}–${to} are gone\nرویدادهای ${from} تا ${to} از پایگاه داده حذف شده‌اند.\n`,
  auditAnchored: (id: number | null) => (id === null ? 'anchor: none (nothing to compare the end of the chain with)\n' : `anchored up to entry: ${id}\n`),
  exportOutRequired: 'پوشهٔ مقصد را با --out بدهید (give the destination folder with --out DIR).',
  exportSinceInvalid: '--since باید شمارهٔ ردیفی از ۱ به بالا باشد (--since takes a sequence number from 1).',
  journalExported: (batches: readonly string[], entries: number, lastSeq: number, folder: string) =>
    `batches: ${batches.length}\nentries: ${entries}\nlast sequence: ${lastSeq}\n` +
    batches.map((b) => `  ${b}\n`).join('') +
    `${batches.length} دستهٔ امضاشده در ${folder} نوشته شد؛ آن را به ستاد برسانید.\n`,
  ackFileRequired: 'پروندهٔ رسید ستاد را نام ببرید (name the acknowledgement file).',
  ackImported: (batchId: string, lastSeq: number, settled: number) =>
    `acknowledged: ${batchId}\nlast acknowledged sequence: ${lastSeq}\nbatches settled now: ${settled}\n` +
    `رسید ستاد ثبت شد: تا ردیف ${lastSeq} به ستاد رسیده است.\n`,
  registryFileRequired: 'پروندهٔ فهرست ستاد را نام ببرید (name the registry file).',
  registryImported: (from: number, to: number, pages: number, entries: number) =>
    `registry version: ${from} -> ${to}\npages: ${pages}\nentries read: ${entries}\n` + `فهرست ثبت‌نام‌های ستاد وارد شد: نسخهٔ ${to}.\n`,
  passphrasePrompt: 'عبارت رمز پشتیبان (backup passphrase): ',
  passphraseRequired: 'عبارت رمز پشتیبان لازم است (the backup passphrase is needed: type it, pipe it on stdin, or give --passphrase-file FILE).',
  passphraseTooShort: 'عبارت رمز پشتیبان باید ۱۲ تا ۲۵۶ نویسه باشد، همان قاعدهٔ صفحهٔ پشتیبان‌گیری (the backup passphrase must be 12 to 256 characters, as on the Backups screen).',
  passphraseAborted: 'ورود عبارت رمز لغو شد (passphrase entry aborted).',
  backupOutRequired: 'پوشهٔ مقصد را با --out DIR بدهید (give the target folder with --out DIR).',
  restoreFileRequired: 'پروندهٔ پشتیبان را نام ببرید (name the backup file).',
  backupWritten: (file: string, bytes: number, accounts: number, auditId: number) =>
    `پشتیبان نوشته شد: ${file}\nbackup written: ${file} (${bytes} bytes, ${accounts} accounts, audit entries up to ${auditId})\n`,
  restoredSqlite: (file: string, createdAt: string, accounts: number, auditId: number) =>
    `بازگردانی انجام شد: ${file}\nrestored: ${file} from the backup of ${createdAt} (${accounts} accounts, audit entries up to ${auditId}); integrity_check, audit chain and manifest verified\n`,
  movedAside: (dir: string) => `پایگاه داده و کلیدهای پیشین کنار گذاشته شد (nothing overwritten; the previous database and keys were moved to): ${dir}\n`,
  restoredPgDump: (file: string) =>
    `آرشیو pg_dump رمزگشایی و بررسی شد: ${file}\nthe pg_dump archive is decrypted and checked; load it into the (stopped) branch database with:\n  pg_restore --clean --if-exists --no-owner --dbname postgres://USER@HOST/DB ${file}\n`,
  compared: {
    absent: 'پایگاه دادهٔ پیشینی نبود؛ چیزی برای مقایسه نیست (no previous database to compare with).\n',
    unreadable: 'پایگاه دادهٔ پیشین خوانده نشد؛ آنچه پس از پشتیبان ثبت شده بود معلوم نیست (the previous database could not be read: what was recorded after the backup is unknown).\n',
    'behind-or-equal': 'پایگاه دادهٔ پیشین چیزی بیش از این پشتیبان نداشت (the previous database held nothing newer than this backup: nothing lost).\n',
    diverged: 'زنجیرهٔ ممیزی پایگاه دادهٔ پیشین زنجیرهٔ دیگری است (the previous database holds a different audit chain: it is kept aside, compare by hand).\n',
    ahead: (count: number, from: string, to: string, byAction: string) =>
      `هشدار: این بازگردانی ${count} رویداد ممیزی ثبت‌شده پس از پشتیبان را ندارد (LOST: ${count} audit entries recorded after the backup, ${from} … ${to}): ${byAction}\n` +
      'آن‌ها را از پایگاه دادهٔ کنارگذاشته دوباره ثبت کنید (re-enter them from the moved-aside database).\n',
  },
  anchor: {
    none: 'لنگر ممیزی‌ای کنار کلیدها نبود (no audit anchor beside the keys to compare with).\n',
    damaged: 'پروندهٔ لنگرهای ممیزی دستکاری شده است؛ آن را کنار بگذارید و بررسی کنید (the audit anchor file is damaged: keep it aside and check it).\n',
    'other-desk': 'لنگرهای ممیزی کنار کلیدها از دستگاه دیگری بود؛ مقایسه نشد و با پایگاه دادهٔ آن کنار گذاشته شد (the audit anchors beside the keys were the other desk\'s: not compared, moved aside with its database).\n',
    'behind-or-equal': (restored: number) => `نسخهٔ بازگردانده تا رویداد ${restored} را دارد و از تازه‌ترین لنگر ممیزی عقب نیست (the restored copy ends at audit entry ${restored}, not behind the newest anchor).\n`,
    ahead: (anchor: number, restored: number) =>
      `هشدار: تازه‌ترین لنگر ممیزی رویداد ${anchor} را نام می‌برد؛ نسخهٔ بازگردانده تا رویداد ${restored} است: رویدادهای ${restored + 1} تا ${anchor} از دست رفته‌اند (LOST: the newest anchor names audit entry ${anchor}; the restored copy ends at ${restored}: entries ${restored + 1}..${anchor} are lost).\n`,
  },
  ack: {
    absent: 'پایگاه دادهٔ پیشینی نبود تا رسید ستاد از آن خوانده شود (no previous database to read headquarters\' acknowledgements from).\n',
    unreadable: 'رسیدهای ستاد در پایگاه دادهٔ پیشین خوانده نشد (headquarters\' acknowledgements in the previous database could not be read).\n',
    covered: 'دفتر تغییرات نسخهٔ بازگردانده همهٔ آنچه ستاد رسید داده است را دارد (the restored journal holds everything headquarters acknowledged).\n',
    behind: (station: string, acked: number, restored: number) =>
      `هشدار: ستاد دنبالهٔ ${acked} دفتر تغییرات ایستگاه ${station} را رسید داده است؛ دفتر نسخهٔ بازگردانده در ${restored} تمام می‌شود. شناسه‌ها و دنباله‌ها تکرار خواهند شد: این دستگاه را با شمارهٔ ایستگاه تازه‌ای به شعبه بپیوندید (headquarters acknowledged journal sequence ${acked} of station ${station}; the restored copy's journal ends at ${restored}: identifiers and sequences would repeat, join this counter again with a new station number).\n`,
  },
};
