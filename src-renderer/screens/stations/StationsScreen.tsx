import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { contract, type Output } from '../../../shared/contract';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as digitsFa, jalaliDate } from '../../lib/format';
import { applyServerIssues, ErrorAlert, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { useNotify } from '../../lib/notify';

const t = fa.stations;
type Station = Output<'stations:list'>[number];

function StateChip({ s }: { s: Station }) {
  if (s.retiredAt) return <Chip size="small" label={t.states.retired(jalaliDate(s.retiredAt))} data-testid="station-retired" />;
  if (s.thisMachine) return <Chip size="small" color="primary" label={t.states.thisMachine} data-testid="station-this" />;
  return <Chip size="small" color={s.claimedAt ? 'success' : 'warning'} label={s.claimedAt ? t.states.active : t.states.unclaimed} />;
}

/** The supervisor retires another counter's station, with a reason; its number is never given again. */
function RetireDialog({ station, onClose, onDone }: { station: Station | null; onClose: () => void; onDone: (s: Station) => void }) {
  const retire = useAction('stations:retire', { invalidates: ['stations:list'] });
  const form = useZodForm(contract['stations:retire'].input.pick({ reason: true }), { reason: '' });
  const close = () => {
    form.reset();
    retire.reset();
    onClose();
  };
  const submit = form.handleSubmit((v) =>
    retire.mutate(
      { stationId: station!.id, reason: v.reason },
      {
        onSuccess: (r) => {
          form.reset();
          retire.reset();
          onDone(r);
        },
        onError: (e) => applyServerIssues(form.setError, e.body),
      },
    ),
  );
  return (
    <Dialog open={station !== null} onClose={close} fullWidth maxWidth="sm" data-testid="retire-station-dialog" aria-labelledby="retire-station-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="retire-station-title">{station && t.retireTitle(digitsFa(station.stationNumber))}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{t.retireText}</DialogContentText>
            <FormText control={form.control} name="reason" label={fa.reason} autoFocus slotProps={{ htmlInput: { 'data-testid': 'retire-reason' } }} />
            <ErrorAlert error={retire.error?.body} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{fa.cancel}</Button>
          <SubmitButton loading={retire.isPending}>{t.retireSubmit}</SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Issue 13: the branch's stations (one per counter), with retirement. */
export default function StationsScreen(_props: { params?: Record<string, string> }) {
  const notify = useNotify();
  const list = useCall('stations:list', {});
  const [retiring, setRetiring] = useState<Station | null>(null);
  const columns: GridColDef<Station>[] = [
    { field: 'stationNumber', headerName: t.columns.stationNumber, width: 120, valueFormatter: (v: number) => digitsFa(String(v).padStart(2, '0')) },
    { field: 'state', headerName: t.columns.state, width: 190, sortable: false, renderCell: (p) => <StateChip s={p.row} /> },
    { field: 'issued', headerName: t.columns.issued, width: 140, valueFormatter: (v: number) => digitsFa(v) },
    { field: 'registeredAt', headerName: t.columns.registeredAt, width: 110, valueFormatter: (v: string) => jalaliDate(v) },
    { field: 'retireReason', headerName: t.columns.retireReason, flex: 1, minWidth: 140, valueFormatter: (v: string | null) => v ?? fa.none },
    {
      field: 'actions',
      type: 'actions',
      headerName: t.columns.actions,
      width: 90,
      getActions: ({ row }) => [
        <GridActionsCellItem
          key="retire"
          icon={<EventBusyIcon />}
          label={t.retire}
          title={t.retire}
          onClick={() => setRetiring(row)}
          disabled={row.thisMachine || row.retiredAt !== null}
          data-testid="station-retire"
        />,
      ],
    },
  ];
  return (
    <Box sx={{ p: 2 }} data-testid="stations-screen">
      <Typography variant="h5" component="h2" gutterBottom>
        {t.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t.intro}
      </Typography>
      <ErrorAlert error={list.error?.body} />
      <Paper data-testid="stations-grid">
        <DataGrid
          rows={list.data ?? []}
          columns={columns}
          loading={list.isPending}
          localeText={{ ...gridLocaleText, noRowsLabel: t.empty }}
          pageSizeOptions={pageSizeOptions([25, 50, 100])}
          initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
          disableRowSelectionOnClick
          autoHeight
        />
      </Paper>
      <RetireDialog
        station={retiring}
        onClose={() => setRetiring(null)}
        onDone={(s) => {
          setRetiring(null);
          notify(t.done(digitsFa(s.stationNumber)));
        }}
      />
    </Box>
  );
}
