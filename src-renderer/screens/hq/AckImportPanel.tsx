import { Alert, Paper, Typography } from '@mui/material';
import { useState } from 'react';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { FilePickButton } from '../../lib/file-pick';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits } from '../../lib/format';
import { useNotify } from '../../lib/notify';

const t = fa.hq.ack;

/** Headquarters' acknowledgement file, brought back on the USB stick; main checks it names a batch this station exported. */
export function AckImportPanel() {
  const notify = useNotify();
  const importAck = useAction('hq:import-ack', { invalidates: ['hq:status'] });
  const [localError, setLocalError] = useState<string | null>(null);

  const onFile = async (file: File) => {
    setLocalError(null);
    importAck.reset();
    let text: string;
    try {
      // An acknowledgement is a few hundred bytes; a bigger file is refused by main as not one.
      text = (await file.slice(0, 4096).text()) || ' ';
    } catch {
      setLocalError(t.unreadable);
      return;
    }
    importAck.mutate({ text }, { onSuccess: (r) => notify(r.settled > 0 ? t.imported(digits(r.lastSeq)) : t.already, r.settled > 0 ? 'success' : 'info') });
  };

  return (
    <Paper sx={{ p: 2 }} data-testid="hq-ack">
      <Typography variant="h6" component="h3">
        {t.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t.intro}
      </Typography>
      <FilePickButton label={t.choose} accept=".json,application/json" onFile={(f) => void onFile(f)} busy={importAck.isPending} inputTestId="hq-ack-file" />
      {localError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {localError}
        </Alert>
      )}
      <ErrorAlert error={importAck.error?.body} />
      {importAck.data && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="hq-ack-done">
          {importAck.data.settled > 0 ? t.imported(digits(importAck.data.lastSeq)) : t.already}
        </Alert>
      )}
    </Paper>
  );
}
