import { Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { gridLocaleText, pageSizeOptions } from '../../../lib/grid-locale';
import { fa } from '../../../i18n/fa';
import { fa as digits, jalaliDateTime } from '../../../lib/format';
import { ResetStateChip, SmsStateChip } from './chips';
import type { AccountDetail } from './types';

const t = fa.lookup.resets;
type Reset = AccountDetail['resets'][number];

const columns: GridColDef<Reset>[] = [
  {
    field: 'trackingCode',
    headerName: t.trackingCode,
    width: 110,
    renderCell: ({ row }) => (
      <span dir="ltr" data-testid="reset-row-code" data-code={row.trackingCode}>
        {digits(row.trackingCode)}
      </span>
    ),
  },
  { field: 'channel', headerName: t.channel, width: 100, valueFormatter: (v: Reset['channel']) => t.channels[v] },
  { field: 'state', headerName: t.state, width: 180, renderCell: ({ row }) => <ResetStateChip state={row.state} /> },
  { field: 'smsState', headerName: t.smsState, width: 130, renderCell: ({ row }) => <SmsStateChip state={row.smsState} /> },
  { field: 'createdAt', headerName: t.createdAt, flex: 1, minWidth: 140, valueFormatter: (v: string) => jalaliDateTime(v) },
  { field: 'sentAt', headerName: t.sentAt, flex: 1, minWidth: 140, valueFormatter: (v: string | null) => jalaliDateTime(v) },
  { field: 'validUntil', headerName: t.validUntil, flex: 1, minWidth: 140, valueFormatter: (v: string | null) => jalaliDateTime(v) },
  { field: 'requestedBy', headerName: t.requestedBy, flex: 1, minWidth: 130, valueFormatter: (v: string | null) => v ?? t.self },
];

/** REC-4: every reset of the account, newest first, with its SMS state. */
export function ResetsTable({ resets }: { resets: Reset[] }) {
  if (resets.length === 0) return <Typography color="text.secondary">{t.empty}</Typography>;
  return (
    <div data-testid="resets-table">
      <DataGrid
        rows={resets}
        columns={columns}
        localeText={gridLocaleText}
        autoHeight
        density="compact"
        disableRowSelectionOnClick
        pageSizeOptions={pageSizeOptions([5, 10, 25])}
        initialState={{ pagination: { paginationModel: { pageSize: 5 } }, sorting: { sortModel: [{ field: 'createdAt', sort: 'desc' }] } }}
        getRowClassName={({ row }) => (row.state === 'undelivered' ? 'reset-undelivered' : '')}
        sx={{ '& .reset-undelivered': { bgcolor: 'rgba(211, 47, 47, 0.08)' } }}
      />
    </div>
  );
}
