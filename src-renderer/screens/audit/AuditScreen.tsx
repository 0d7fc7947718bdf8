import { Box, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Output } from '../../../shared/contract';
import { useCall } from '../../api/hooks';
import { fa as t } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { fa, jalaliDateTime } from '../../lib/format';
import { actionName, actorText, detailText, subjectText, type AuditNames } from './audit-text';
import { AuditFilters, type AuditFilter } from './AuditFilters';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { VerifyChain } from './VerifyChain';

const ta = t.audit;
type Entry = Output<'audit:list'>['items'][number];

// The recorded action and details stay out of hover texts (Latin, JSON): the cells show them in
// Persian in full (rows grow to fit); the action's name is data-action for support and tests.
// audit:list has no sort parameter and answers newest first; sorting one page in the browser
// would misstate the order of the whole log, so the columns do not offer it.
const columnsFor = (names: AuditNames): GridColDef<Entry>[] => [
  { field: 'id', headerName: ta.columns.id, width: 70, sortable: false, valueFormatter: (v: number) => fa(v) },
  { field: 'at', headerName: ta.columns.at, width: 130, sortable: false, valueFormatter: (v: string) => jalaliDateTime(v) },
  {
    field: 'actorName',
    headerName: ta.columns.actor,
    width: 150,
    sortable: false,
    valueGetter: (_v, row) => actorText(row.actorType, row.actorName),
  },
  {
    field: 'action',
    headerName: ta.columns.action,
    width: 180,
    sortable: false,
    renderCell: (p) => (
      <span data-action={p.row.action}>
        {actionName(p.row.action)}
      </span>
    ),
  },
  {
    field: 'subjectId',
    headerName: ta.columns.subject,
    width: 130,
    sortable: false,
    valueGetter: (_v, row) => subjectText(row.subjectType, row.subjectId),
  },
  {
    field: 'details',
    headerName: ta.columns.details,
    flex: 1,
    minWidth: 220,
    sortable: false,
    renderCell: (p) => (
      <Box sx={{ whiteSpace: 'normal', lineHeight: 1.6 }}>
        {detailText(p.row.details, names)}
      </Box>
    ),
  },
];

/** Issue 4, item 8 (REG-6): who did what and when, filtered and paged in main; "verify chain". */
export default function AuditScreen(_props: { params?: Record<string, string> }) {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [paging, setPaging] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const list = useCall('audit:list', { ...filter, page: paging.page, pageSize: paging.pageSize }, { placeholderData: keepPreviousData });
  const groups = useCall('reference:groups', {});
  // Insurance groups are data, not catalogue: the entries name them by code, the screen by name.
  const columns = useMemo(() => columnsFor({ groups: Object.fromEntries((groups.data ?? []).map((g) => [g.code, g.name])) }), [groups.data]);

  return (
    <Box sx={{ p: 2 }} data-testid="audit-screen">
      <Stack direction="row" sx={{ alignItems: 'baseline', mb: 1, gap: 2 }}>
        <Typography variant="h5" component="h2">
          {ta.title}
        </Typography>
        {list.data && (
          <Typography color="text.secondary" data-testid="audit-total">
            {ta.total(fa(list.data.total))}
          </Typography>
        )}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {ta.intro}
      </Typography>
      <VerifyChain />
      <AuditFilters
        onApply={(f) => {
          setFilter(f);
          setPaging((p) => ({ ...p, page: 0 }));
        }}
      />
      <ErrorAlert error={list.error?.body} />
      <Paper data-testid="audit-grid">
        <DataGrid
          rows={list.data?.items ?? []}
          columns={columns}
          rowCount={list.data?.total ?? 0}
          loading={list.isFetching}
          paginationMode="server"
          paginationModel={paging}
          onPaginationModelChange={setPaging}
          pageSizeOptions={pageSizeOptions([25, 50, 100])}
          localeText={gridLocaleText}
          getRowHeight={() => 'auto'}
          sx={{ '& .MuiDataGrid-cell': { py: 1 } }}
          disableRowSelectionOnClick
          disableColumnFilter
          autoHeight
        />
      </Paper>
    </Box>
  );
}
