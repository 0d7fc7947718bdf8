import { Alert, Box, Chip, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, useGridApiRef, type GridColDef } from '@mui/x-data-grid';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { KeyboardEvent } from 'react';
import type { z } from 'zod';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { contract } from '../../../shared/contract';
import type { AccountSummarySchema } from '../../../shared/contract/accounts.contract';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digits, jalaliDate } from '../../lib/format';
import { ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { navigate } from '../../lib/route';
import { AccountStatusChip } from './parts/chips';

const t = fa.lookup;
type Row = z.infer<typeof AccountSummarySchema>;

/** The last query stays in the query cache, so "back" from an account shows the same results
 * (and a logout, which clears the cache, forgets it). */
const LAST_QUERY_KEY = ['lookup:last-query'] as const;
const RESULT_CAP = 50;

const columns: GridColDef<Row>[] = [
  { field: 'username', headerName: t.columns.username, width: 150, valueFormatter: (v: string) => digits(v) },
  { field: 'fullName', headerName: t.columns.fullName, flex: 1, minWidth: 160, valueFormatter: (v: string | null) => v ?? fa.none },
  { field: 'branchName', headerName: t.columns.branch, flex: 1, minWidth: 140 },
  { field: 'insuranceNumber', headerName: t.columns.insuranceNumber, width: 140, valueFormatter: (v: string) => digits(v) },
  {
    field: 'mobileMasked',
    headerName: t.columns.mobile,
    width: 140,
    renderCell: ({ value }) => <span dir="ltr">{value ? digits(value as string) : fa.none}</span>,
  },
  { field: 'status', headerName: t.columns.status, width: 120, renderCell: ({ row }) => <AccountStatusChip status={row.status} testId="row-status" /> },
  { field: 'registeredAt', headerName: t.columns.registeredAt, width: 130, valueFormatter: (v: string) => jalaliDate(v) },
];

/** Issue 4, item 6: one search box that recognises what was typed, and a results table. */
export default function LookupScreen(_props: { params?: Record<string, string> }) {
  const qc = useQueryClient();
  const last = useQuery({ queryKey: LAST_QUERY_KEY, queryFn: () => '', staleTime: Infinity, gcTime: Infinity });
  const query = last.data ?? '';
  const form = useZodForm(contract['accounts:search'].input, { query });
  const search = useCall('accounts:search', { query }, { enabled: query.length >= 2 });
  const apiRef = useGridApiRef();

  const submit = form.handleSubmit(
    (v) => {
      qc.setQueryData(LAST_QUERY_KEY, v.query);
      // The same query again is a fresh lookup (someone may have registered in the meantime).
      if (v.query === query) void search.refetch();
    },
    // A refused query clears the last results: they stood under it and could be opened as if
    // they answered it (outside probe 2026-12-07).
    () => qc.setQueryData(LAST_QUERY_KEY, ''),
  );

  const rows = search.data?.items ?? [];
  const focusFirstRow = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' || rows.length === 0) return;
    e.preventDefault();
    apiRef.current?.setCellFocus(rows[0]!.id, 'username');
    const cell = document.querySelector<HTMLElement>('[data-testid="lookup-results"] [role="gridcell"][data-field="username"]');
    cell?.focus();
  };

  return (
    <Box sx={{ p: 2 }} data-testid="lookup-screen">
      <Typography variant="h5" component="h2" gutterBottom>
        {t.title}
      </Typography>
      <Paper component="form" onSubmit={submit} noValidate sx={{ p: 2, mb: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
          <FormText
            control={form.control}
            name="query"
            digitsFa
            label={t.search.label}
            helperText={t.search.help}
            autoFocus
            type="search"
            onKeyDown={focusFirstRow}
            slotProps={{ htmlInput: { 'data-testid': 'lookup-query', autoComplete: 'off' } }}
          />
          <Box sx={{ pt: { md: 1 }, flexShrink: 0 }}>
            <SubmitButton loading={search.isFetching}>{t.search.submit}</SubmitButton>
          </Box>
        </Stack>
      </Paper>
      <ErrorAlert error={search.error?.body} />
      {search.data && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
          <Typography variant="body2">{t.search.recognised}</Typography>
          <Chip size="small" color="primary" label={t.search.kinds[search.data.kind] ?? search.data.kind} data-testid="lookup-kind" data-kind={search.data.kind} />
          <Typography variant="body2" data-testid="lookup-count">
            {rows.length === 0 ? t.search.empty : t.search.count(digits(rows.length))}
          </Typography>
          {rows.length > 0 && (
            <Typography variant="body2" color="text.secondary">
              {t.search.openHint}
            </Typography>
          )}
        </Stack>
      )}
      {search.data?.notice && (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="lookup-notice" data-notice={search.data.notice}>
          {t.search.notice[search.data.notice]}
        </Alert>
      )}
      {rows.length >= RESULT_CAP && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t.search.capped}
        </Alert>
      )}
      {search.data && rows.length > 0 && (
        <Box data-testid="lookup-results">
          <DataGrid
            apiRef={apiRef}
            rows={rows}
            columns={columns}
            localeText={gridLocaleText}
            autoHeight
            density="compact"
            disableRowSelectionOnClick
            pageSizeOptions={pageSizeOptions([10, 25, 50])}
            initialState={{ pagination: { paginationModel: { pageSize: 10 } } }}
            onRowClick={({ row }) => navigate(`/accounts/${row.id}`)}
            onCellKeyDown={({ row }, e) => {
              if (e.key === 'Enter') navigate(`/accounts/${row.id}`);
            }}
            getRowClassName={() => 'lookup-row'}
            sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' }, '& .MuiDataGrid-cell:focus, & .MuiDataGrid-cell:focus-within': { outline: '3px solid #f9a825' } }}
          />
        </Box>
      )}
    </Box>
  );
}
