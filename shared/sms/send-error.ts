/**
 * Why an SMS did not go, read from the gateway adapter's technical text (the outbox's last error,
 * the `sms.failed` audit entry): what staff are told in Persian, the text itself kept for support.
 * The adapters' wordings are pinned by test/unit/sms-send-error.test.ts, which makes real failures.
 */
export const SMS_SEND_ERROR_KINDS = ['not-configured', 'too-long', 'login', 'number', 'busy', 'timeout', 'unreachable', 'refused', 'other'] as const;
export type SmsSendErrorKind = (typeof SMS_SEND_ERROR_KINDS)[number];

/** First match wins: a timeout while connecting is a timeout, not "unreachable". */
const RULES: ReadonlyArray<readonly [SmsSendErrorKind, RegExp]> = [
  ['not-configured', /no SMS gateway is configured/i],
  ['too-long', /\bSMS parts\b|ESME_RINVMSGLEN/],
  ['login', /\bbind_\w+ refused\b|check system_id|ESME_RBINDFAIL|ESME_RINVPASWD|ESME_RINVSYSID|ESME_RINVBNDSTS|HTTP 40[13]\b/],
  ['number', /ESME_RINVDSTADR|ESME_RINVDSTTON|ESME_RINVDSTNPI/],
  ['busy', /ESME_RTHROTTLED|ESME_RMSGQFUL|HTTP 429\b|HTTP 503\b/],
  ['timeout', /\bwithin \d+ s\b|ETIMEDOUT|TimeoutError|timed? ?out/i],
  ['unreachable', /cannot reach|unreachable|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|closed the connection|connection closed|cannot write|not writable/i],
  ['refused', /refused|\bHTTP \d{3}\b|ESME_/],
];

export function smsSendErrorKind(error: string): SmsSendErrorKind {
  for (const [kind, re] of RULES) if (re.test(error)) return kind;
  return 'other';
}
