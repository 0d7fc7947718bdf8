import { Alert } from '@mui/material';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { FileErrorAlert, FilePickButton, useFileText } from '../../lib/file-pick';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { SectionPanel } from '../../lib/panel';

const t = fa.hq.ack;

/** Headquarters' acknowledgement file, brought back on the USB stick; main checks it names a batch this station exported. */
export function AckImportPanel() {
  const notify = useNotify();
  const importAck = useAction('hq:import-ack', { invalidates: ['hq:status'] });
  const file = useFileText(t.unreadable);

  const onFile = async (chosen: File) => {
    importAck.reset();
    // An acknowledgement is a few hundred bytes; a bigger file is refused by main as not one.
    const text = await file.read(chosen.slice(0, 4096));
    if (text === null) return;
    importAck.mutate({ text: text || ' ' }, { onSuccess: (r) => notify(r.settled > 0 ? t.imported(digits(r.lastSeq)) : t.already, r.settled > 0 ? 'success' : 'info') });
  };

  return (
    <SectionPanel testId="hq-ack" title={t.title} intro={t.intro}>
      <FilePickButton label={t.choose} accept=".json,application/json" onFile={(f) => void onFile(f)} busy={importAck.isPending} inputTestId="hq-ack-file" />
      <FileErrorAlert error={file.error} />
      <ErrorAlert error={importAck.error?.body} />
      {importAck.data && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="hq-ack-done">
          {importAck.data.settled > 0 ? t.imported(digits(importAck.data.lastSeq)) : t.already}
        </Alert>
      )}
    </SectionPanel>
  );
}
