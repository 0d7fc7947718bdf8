import { Alert, Box, Paper, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import { BRANCH_CSV_MAX_CHARS } from '../../../shared/contract/reference.contract';
import { useAction } from '../../api/hooks';
import { fa as t } from '../../i18n/fa';
import { FilePickButton } from '../../lib/file-pick';
import { ErrorAlert } from '../../lib/forms';
import { fa } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';

const tb = t.settings.branches;
type LineError = Output<'reference:import-branches'>['errors'][number];

const columns: GridColDef<LineError & { id: number }>[] = [
  { field: 'line', headerName: tb.line, type: 'number', width: 90, align: 'center', headerAlign: 'center', valueFormatter: (v: number) => fa(v) },
  { field: 'message', headerName: tb.message, flex: 1, minWidth: 240 },
  {
    field: 'code',
    headerName: tb.code,
    width: 190,
    renderCell: (p) => (
      <Box component="span" dir="ltr" sx={{ fontFamily: 'monospace', fontSize: 13 }}>
        {p.value as string}
      </Box>
    ),
  },
];

/** The real branch list from CSV: all lines good or nothing written; each bad line shown with its number. */
export function BranchImportPanel() {
  const notify = useNotify();
  const importCsv = useAction('reference:import-branches', { invalidates: ['reference:branches'] });
  const [fileName, setFileName] = useState<string | null>(null);
  const [errors, setErrors] = useState<LineError[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);

  const onFile = async (file: File) => {
    setFileName(file.name);
    setErrors([]);
    setLocalError(null);
    importCsv.reset();
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      setLocalError(tb.unreadable);
      return;
    }
    if (csv.trim() === '') {
      setLocalError(tb.empty);
      return;
    }
    if (csv.length > BRANCH_CSV_MAX_CHARS) {
      setLocalError(tb.tooLarge(fa(BRANCH_CSV_MAX_CHARS)));
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
    <Paper sx={{ p: 2 }} data-testid="branch-import-panel">
      <Typography variant="h6" component="h3">
        {tb.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {tb.intro} {tb.limit(fa(BRANCH_CSV_MAX_CHARS))}
      </Typography>
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
      {localError && (
        <Alert severity="error" sx={{ my: 1 }}>
          {localError}
        </Alert>
      )}
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
    </Paper>
  );
}
