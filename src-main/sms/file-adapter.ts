import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SmsAdapter } from './adapter';

/**
 * Training mode only: each "sent" message is one JSON line in the data folder, so a trainer (or a
 * test) can read what the person would have received. The UI shows a banner while it is in use.
 */
export function fileAdapter(dataDir: string): SmsAdapter & { readonly file: string } {
  const file = path.join(dataDir, 'sms-training.jsonl');
  return {
    name: 'file',
    file,
    async send(m) {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, JSON.stringify({ at: new Date().toISOString(), reference: m.reference, to: m.to, text: m.text }) + '\n', { mode: 0o600 });
      return { ok: true, providerMessageId: `file-${m.reference}` };
    },
    close: () => Promise.resolve(),
  };
}
