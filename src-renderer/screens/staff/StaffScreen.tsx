import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import KeyIcon from '@mui/icons-material/Key';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import type { ErrorBody } from '../../../shared/envelope';
import { useAction, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { ErrorAlert } from '../../lib/forms';
import { jalaliDate } from '../../lib/format';
import { useNotify } from '../../lib/notify';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { AddStaffDialog } from './AddStaffDialog';
import { ResetStaffPasswordDialog } from './ResetStaffPasswordDialog';

const t = fa.staffAdmin;
type Staff = Output<'staff:list'>[number];
type Pending = { kind: 'disable'; staff: Staff };

function Flag({ on, label, color, testId }: { on: boolean; label: string; color: 'error' | 'warning' | 'info'; testId: string }) {
  return on ? <Chip size="small" color={color} label={label} data-testid={testId} /> : <span aria-hidden>{fa.none}</span>;
}

/** Issue 4, item 9: the supervisor's staff list, add, disable/enable, reset password, unlock. */
export default function StaffScreen(_props: { params?: Record<string, string> }) {
  const notify = useNotify();
  const list = useCall('staff:list', {});
  const setDisabled = useAction('staff:set-disabled', { invalidates: ['staff:list'] });
  const reset = useAction('staff:reset-password', { invalidates: ['staff:list'] });
  const unlock = useAction('staff:unlock', { invalidates: ['staff:list'] });
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const busy = setDisabled.isPending || reset.isPending || unlock.isPending;

  const enable = (s: Staff) => {
    setError(null);
    setDisabled.mutate({ staffId: s.id, disabled: false }, { onSuccess: () => notify(t.done.enabled(s.username)), onError: (e) => setError(e.body) });
  };
  const doUnlock = (s: Staff) => {
    setError(null);
    unlock.mutate({ staffId: s.id }, { onSuccess: () => notify(t.done.unlocked(s.username)), onError: (e) => setError(e.body) });
  };
  const confirmPending = () => {
    if (!pending) return;
    const s = pending.staff;
    setPending(null);
    setError(null);
    // LAST_SUPERVISOR and other refusals appear above the table.
    setDisabled.mutate({ staffId: s.id, disabled: true }, { onSuccess: () => notify(t.done.disabled(s.username)), onError: (e) => setError(e.body) });
  };

  const columns: GridColDef<Staff>[] = [
    {
      field: 'username',
      headerName: t.columns.username,
      width: 130,
      renderCell: (p) => (
        <Box component="span" dir="ltr" sx={{ fontFamily: 'monospace' }}>
          {p.value as string}
        </Box>
      ),
    },
    { field: 'displayName', headerName: t.columns.displayName, flex: 1, minWidth: 140 },
    { field: 'role', headerName: t.columns.role, width: 100, valueFormatter: (v: Staff['role']) => t.roles[v] },
    {
      field: 'disabled',
      headerName: t.columns.disabled,
      type: 'boolean',
      width: 95,
      renderCell: (p) => <Flag on={p.row.disabled} label={t.states.disabled} color="error" testId="flag-disabled" />,
    },
    {
      field: 'locked',
      headerName: t.columns.locked,
      type: 'boolean',
      width: 95,
      renderCell: (p) => <Flag on={p.row.locked} label={t.states.locked} color="warning" testId="flag-locked" />,
    },
    {
      field: 'mustChangePassword',
      headerName: t.columns.mustChange,
      type: 'boolean',
      width: 110,
      renderCell: (p) => <Flag on={p.row.mustChangePassword} label={t.states.mustChange} color="info" testId="flag-must-change" />,
    },
    { field: 'createdAt', headerName: t.columns.createdAt, width: 100, valueFormatter: (v: string) => jalaliDate(v) },
    {
      field: 'actions',
      type: 'actions',
      headerName: t.columns.actions,
      width: 130,
      getActions: ({ row }) => [
        row.disabled ? (
          <GridActionsCellItem key="enable" icon={<CheckCircleIcon />} label={t.actions.enable} title={t.actions.enable} onClick={() => enable(row)} disabled={busy} data-testid="staff-enable" />
        ) : (
          <GridActionsCellItem
            key="disable"
            icon={<BlockIcon />}
            label={t.actions.disable}
            title={t.actions.disable}
            onClick={() => setPending({ kind: 'disable', staff: row })}
            disabled={busy}
            data-testid="staff-disable"
          />
        ),
        <GridActionsCellItem
          key="reset"
          icon={<KeyIcon />}
          label={t.actions.resetPassword}
          title={t.actions.resetPassword}
          onClick={() => setResetting(row)}
          disabled={busy}
          data-testid="staff-reset-password"
        />,
        <GridActionsCellItem
          key="unlock"
          icon={<LockOpenIcon />}
          label={t.actions.unlock}
          title={t.actions.unlock}
          onClick={() => doUnlock(row)}
          disabled={busy || !row.locked}
          data-testid="staff-unlock"
        />,
      ],
    },
  ];

  return (
    <Box sx={{ p: 2 }} data-testid="staff-screen">
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h5" component="h2" sx={{ flexGrow: 1 }}>
          {t.title}
        </Typography>
        <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setAdding(true)} autoFocus data-testid="staff-add">
          {t.add}
        </Button>
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t.intro}
      </Typography>
      <ErrorAlert error={error ?? list.error?.body} />
      <Paper data-testid="staff-grid">
        <DataGrid
          rows={list.data ?? []}
          columns={columns}
          loading={list.isPending}
          localeText={{ ...gridLocaleText, noRowsLabel: t.empty }}
          pageSizeOptions={pageSizeOptions([10, 25, 50])}
          initialState={{ pagination: { paginationModel: { pageSize: 25 } }, sorting: { sortModel: [{ field: 'username', sort: 'asc' }] } }}
          disableRowSelectionOnClick
          autoHeight
        />
      </Paper>

      <AddStaffDialog
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(r) => {
          setAdding(false);
          notify(t.done.created(r.staff.username));
        }}
      />
      <ResetStaffPasswordDialog
        staff={resetting}
        onClose={() => setResetting(null)}
        onDone={(s) => {
          setResetting(null);
          notify(t.done.reset(s.username));
        }}
      />
      <Dialog open={pending !== null} onClose={() => setPending(null)} data-testid="staff-confirm" aria-labelledby="staff-confirm-title">
        <DialogTitle id="staff-confirm-title">{t.confirm.disableTitle}</DialogTitle>
        <DialogContent>
          <DialogContentText>{pending && t.confirm.disableText(pending.staff.displayName)}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPending(null)}>{fa.cancel}</Button>
          <Button variant="contained" color="error" autoFocus onClick={confirmPending} data-testid="staff-confirm-ok">
            {fa.confirm}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
