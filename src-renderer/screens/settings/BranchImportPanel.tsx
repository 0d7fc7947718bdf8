import { Alert, Box, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import { BRANCH_CSV_MAX_CHARS } from '../../../shared/contract/reference.contract';
import { useAction } from '../../api/hooks';
import { fa as t } from '../../i18n/fa';
import { FileErrorAlert, FilePickButton, useFileText } from '../../lib/file-pick';
import { ErrorAlert } from '../../lib/forms';
import { fa } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { SectionPanel } from '../../lib/panel';

const tb = t.settings.branches;
type LineError = Output<'reference:import-branches'>['errors'][number];

const columns: GridColDef<LineError & { id: number }>[] = [
  { field: 'line', headerName: tb.line, type: 'number', width: 90, align: 'center', headerAlign: 'center', valueFormatter: (v: number) => fa(v) },
  // The stable code is data (data-code), as on every refusal the screens show; the supervisor reads the Persian message.
  {
    field: 'message',
    headerName: tb.message,
    flex: 1,
    minWidth: 240,
    renderCell: (p) => <span data-code={p.row.code}>{p.row.message}</span>,
  },
];

/** The real branch list from CSV: all lines good or nothing written; each bad line shown with its number. */
export function BranchImportPanel() {
  const notify = useNotify();
  const importCsv = useAction('reference:import-branches', { invalidates: ['reference:branches'] });
  const [fileName, setFileName] = useState<string | null>(null);
  const [errors, setErrors] = useState<LineError[]>([]);
  const file = useFileText(tb.unreadable);

  const onFile = async (chosen: File) => {
    setFileName(chosen.name);
    setErrors([]);
    importCsv.reset();
    const csv = await file.read(chosen);
    if (csv === null) return;
    if (csv.trim() === '') {
      file.setError(tb.empty);
      return;
    }
    if (csv.length > BRANCH_CSV_MAX_CHARS) {
      file.setError(tb.tooLarge(fa(BRANCH_CSV_MAX_CHARS)));
      return;
    }
    importCsv.mutate(
      { csv },
      {
        onSuccess: (r) => {
          if (r.errors.length > 0) setErrors(r.errors);
          else notify(tb.imported(fa(r.imported)));
        },
      },
    );
  };

  return (
    <SectionPanel testId="branch-import-panel" title={tb.title} intro={`${tb.intro} ${tb.limit(fa(BRANCH_CSV_MAX_CHARS))}`}>
      <Box component="pre" dir="ltr" sx={{ bgcolor: 'grey.100', p: 1, borderRadius: 1, fontSize: 13, my: 1, whiteSpace: 'pre-wrap' }}>
        {tb.example}
      </Box>
      <FilePickButton
        label={tb.choose}
        accept=".csv,text/csv,text/plain"
        onFile={(f) => void onFile(f)}
        busy={importCsv.isPending}
        testId="branch-csv-choose"
        inputTestId="branch-csv-input"
      />
      {fileName && (
        <Typography component="span" sx={{ mx: 2 }} data-testid="branch-csv-file">
          {tb.chosen(fileName)}
        </Typography>
      )}
      <FileErrorAlert error={file.error} sx={{ my: 1 }} />
      <ErrorAlert error={importCsv.error?.body} />
      {errors.length > 0 && (
        <Box sx={{ mt: 2 }} data-testid="branch-import-errors">
          <Alert severity="error" sx={{ mb: 1 }}>
            {tb.errorsTitle(fa(new Set(errors.map((x) => x.line)).size))}
          </Alert>
          <DataGrid
            rows={errors.map((x, id) => ({ ...x, id }))}
            columns={columns}
            localeText={gridLocaleText}
            pageSizeOptions={pageSizeOptions([10, 25, 100])}
            initialState={{ pagination: { paginationModel: { pageSize: 10 } } }}
            disableRowSelectionOnClick
            autoHeight
            density="compact"
          />
        </Box>
      )}
    </SectionPanel>
  );
}
