import { Alert, Box, Button, Chip, Paper, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { SmsStateSchema } from '../../../shared/contract/accounts.contract';
import type { OutboxMessageSchema } from '../../../shared/contract/admin.contract';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digits, jalaliDateTime } from '../../lib/format';
import { ErrorAlert } from '../../lib/forms';
import { useNotify } from '../../lib/notify';
import { SmsStateChip, type SmsState } from '../lookup/parts/chips';
import { SendError } from './SendError';

const t = fa.outbox;
type Message = z.infer<typeof OutboxMessageSchema>;
/** The server pages the outbox by 50 (outbox:list has no page size). */
const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

function Times({ m }: { m: Message }) {
  const line = (label: string, iso: string | null) => (
    <Box component="span" sx={{ display: 'block', whiteSpace: 'nowrap' }}>
      <Box component="span" sx={{ color: 'text.secondary', fontSize: '0.75rem' }}>
        {label}:
      </Box>{' '}
      {jalaliDateTime(iso)}
    </Box>
  );
  return (
    <Box sx={{ py: 0.5, lineHeight: 1.6 }}>
      {line(t.times.created, m.createdAt)}
      {line(t.times.sent, m.sentAt)}
      {m.state === 'queued' && line(t.times.expires, m.expiresAt)}
    </Box>
  );
}

function baseColumns(): GridColDef<Message>[] {
  return [
    {
      field: 'reference',
      headerName: t.columns.reference,
      width: 110,
      // The reference is a UUID: its head is enough to tell messages apart on screen.
      renderCell: ({ value }) => (
        <span dir="ltr" title={value as string}>
          {(value as string).slice(0, 8)}
        </span>
      ),
    },
    { field: 'purpose', headerName: t.columns.purpose, width: 105, valueFormatter: (v: string) => t.purposes[v] ?? v },
    { field: 'toMasked', headerName: t.columns.to, width: 110, renderCell: ({ value }) => <span dir="ltr">{digits(value as string)}</span> },
    {
      field: 'bodyRedacted',
      headerName: t.columns.body,
      flex: 1,
      minWidth: 200,
      renderCell: ({ value }) => (
        <Box component="span" data-testid="outbox-body" sx={{ whiteSpace: 'normal', lineHeight: 1.6, py: 0.5 }}>
          {digits(value as string)}
        </Box>
      ),
    },
    { field: 'state', headerName: t.columns.state, width: 125, renderCell: ({ row }) => <SmsStateChip state={row.state} testId="outbox-state" /> },
    { field: 'attempts', headerName: t.columns.attempts, width: 85, type: 'number', valueFormatter: (v: number) => digits(v) },
    {
      field: 'lastError',
      headerName: t.columns.lastError,
      width: 120,
      renderCell: ({ value }) => (value ? <SendError error={value as string} /> : fa.none),
    },
    { field: 'createdAt', headerName: t.columns.times, width: 165, renderCell: ({ row }) => <Times m={row} /> },
  ];
}

/** Issue 4, item 7 (BR-4): the SMS outbox, its states and the gateway; supervisors retry or cancel. */
export default function OutboxScreen(_props: { params?: Record<string, string> }) {
  const notify = useNotify();
  const [state, setState] = useState<SmsState | 'all'>('all');
  const [page, setPage] = useState(0);
  const me = useCall('staff:me', {});
  const status = useCall('app:status', {}, { refetchInterval: REFRESH_MS });
  const list = useCall('outbox:list', { ...(state === 'all' ? {} : { state }), page }, { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData });
  const retry = useAction('outbox:retry', { invalidates: ['outbox:list', 'app:status'] });
  const cancel = useAction('outbox:cancel', { invalidates: ['outbox:list', 'app:status', 'accounts:get'] });
  const supervisor = me.data?.role === 'supervisor';

  const columns = useMemo(() => {
    const cols = baseColumns();
    if (!supervisor) return cols;
    cols.push({
      field: 'actions',
      headerName: t.columns.actions,
      width: 110,
      sortable: false,
      filterable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          {row.state === 'failed' && (
            <Button size="small" variant="outlined" data-testid="outbox-retry" onClick={() => retry.mutate({ messageId: row.id }, { onSuccess: () => notify(t.retried) })}>
              {t.retry}
            </Button>
          )}
          {row.state === 'queued' && (
            <Button size="small" variant="outlined" color="error" data-testid="outbox-cancel" onClick={() => cancel.mutate({ messageId: row.id }, { onSuccess: () => notify(t.cancelled) })}>
              {t.cancel}
            </Button>
          )}
        </Stack>
      ),
    });
    return cols;
  }, [supervisor, retry, cancel, notify]);

  const sms = status.data?.sms;
  return (
    <Box sx={{ p: 2 }} data-testid="outbox-screen">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h5" component="h2">
          {t.title}
        </Typography>
        {sms && (
          <Chip
            data-testid="outbox-gateway"
            data-state={sms.state}
            color={sms.state === 'online' ? 'success' : sms.state === 'offline' ? 'warning' : 'default'}
            label={`${t.gateway} ${fa.status.adapter[sms.adapter]}: ${fa.status.smsState[sms.state]}`}
          />
        )}
        {sms && <Typography variant="body2">{t.queued(digits(sms.queued))}</Typography>}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t.intro}
      </Typography>
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography id="outbox-filter-label">{t.filter}:</Typography>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={state}
            aria-labelledby="outbox-filter-label"
            onChange={(_e, v: SmsState | 'all' | null) => {
              if (v === null) return;
              setState(v);
              setPage(0);
            }}
            data-testid="outbox-filter"
          >
            <ToggleButton value="all" data-testid="outbox-filter-all" autoFocus>
              {t.all}
            </ToggleButton>
            {SmsStateSchema.options.map((s) => (
              <ToggleButton key={s} value={s} data-testid={`outbox-filter-${s}`}>
                {fa.lookup.sms[s]}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <Button onClick={() => void list.refetch()} data-testid="outbox-refresh">
            {t.refresh}
          </Button>
          {list.data && <Typography variant="body2">{t.total(digits(list.data.total))}</Typography>}
        </Stack>
        {!supervisor && me.data && (
          <Typography variant="caption" color="text.secondary">
            {t.supervisorOnly}
          </Typography>
        )}
      </Paper>
      <ErrorAlert error={list.error?.body ?? retry.error?.body ?? cancel.error?.body} />
      {list.data && list.data.total === 0 ? (
        <Alert severity="info" data-testid="outbox-empty">
          {t.empty}
        </Alert>
      ) : (
        <Box data-testid="outbox-table">
          <DataGrid
            rows={list.data?.items ?? []}
            columns={columns}
            loading={list.isPending}
            localeText={gridLocaleText}
            autoHeight
            getRowHeight={() => 'auto'}
            density="compact"
            disableRowSelectionOnClick
            paginationMode="server"
            rowCount={list.data?.total ?? 0}
            pageSizeOptions={pageSizeOptions([PAGE_SIZE])}
            paginationModel={{ page, pageSize: PAGE_SIZE }}
            onPaginationModelChange={(m) => setPage(m.page)}
            sx={{ '& .MuiDataGrid-cell': { py: 0.5, display: 'flex', alignItems: 'center' } }}
          />
        </Box>
      )}
    </Box>
  );
}
