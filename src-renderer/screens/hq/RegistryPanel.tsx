import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import { REGISTRY_UPLOAD_CHUNK_CHARS } from '../../../shared/contract/registry.contract';
import { callOrThrow, CallError, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { FileErrorAlert, FilePickButton, useFileText } from '../../lib/file-pick';
import { ErrorAlert } from '../../lib/forms';
import { fa as digits, jalaliDateTime } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { SectionPanel } from '../../lib/panel';
import { Figure } from './HqStatusCard';

const t = fa.hq.registry;

/**
 * Issue 9: the branch's copy of headquarters' registry (what REG-5 across branches is checked
 * against) and, for a branch with no line, the registry file from the USB stick: sent to main in
 * pieces, verified there page by page with the pinned headquarters key, applied all or nothing.
 */
export function RegistryPanel() {
  const notify = useNotify();
  const qc = useQueryClient();
  const status = useCall('registry:status', {}, { refetchInterval: 60_000 });
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const file = useFileText(t.unreadable);
  const [done, setDone] = useState<Output<'registry:import'>['applied'] | null>(null);

  const onFile = async (chosen: File) => {
    setError(null);
    setDone(null);
    const text = await file.read(chosen);
    if (text === null) return;
    try {
      setSent(0);
      let uploadId: string | null = null;
      for (let at = 0; at < Math.max(1, text.length); at += REGISTRY_UPLOAD_CHUNK_CHARS) {
        const r: Output<'registry:upload'> = await callOrThrow('registry:upload', { uploadId, chunk: text.slice(at, at + REGISTRY_UPLOAD_CHUNK_CHARS) || ' ' });
        uploadId = r.uploadId;
        setSent(Math.min(100, Math.round((100 * r.chars) / Math.max(1, text.length))));
      }
      const r = await callOrThrow('registry:import', { uploadId: uploadId! });
      setDone(r.applied);
      qc.setQueryData(['registry:status', {}], r.status);
      notify(t.imported(digits(r.applied.version), digits(r.applied.entries)));
    } catch (e) {
      if (e instanceof CallError) setError(e);
      else file.setError(t.unreadable);
    } finally {
      setSent(null);
    }
  };

  const s = status.data;
  return (
    <SectionPanel testId="hq-registry" title={t.title} intro={t.intro}>
      <ErrorAlert error={status.error?.body} />
      {s && s.version === 0 && <Typography data-testid="hq-registry-none">{t.none}</Typography>}
      {s && s.version > 0 && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, mb: 1 }}>
          <Figure label={t.version} value={digits(s.version)} testId="hq-registry-version" />
          <Figure label={t.asOf} value={jalaliDateTime(s.publishedAt)} testId="hq-registry-as-of" />
          <Figure label={t.receivedAt} value={jalaliDateTime(s.receivedAt)} testId="hq-registry-received" />
          {s.source && <Figure label={t.source} value={t.sources[s.source]} testId="hq-registry-source" />}
        </Box>
      )}
      <FilePickButton label={t.choose} accept=".json,application/json" onFile={(f) => void onFile(f)} busy={sent !== null} inputTestId="hq-registry-file" />
      {sent !== null && (
        <Box sx={{ mt: 2 }}>
          <Typography variant="body2">{t.reading(digits(sent), digits(100))}</Typography>
          <LinearProgress variant="determinate" value={sent} />
        </Box>
      )}
      <FileErrorAlert error={file.error} />
      <ErrorAlert error={error?.body} />
      {done && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="hq-registry-done">
          {t.imported(digits(done.version), digits(done.entries))}
        </Alert>
      )}
    </SectionPanel>
  );
}
