import { Box, Button, Chip, InputAdornment, Paper, Stack, TextField, Typography } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { keepPreviousData } from '@tanstack/react-query';
import { DataGrid, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { normalizeDigitInput, toAsciiDigits } from '../../../shared/text/digits';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { jalaliDate, jalaliDateTime } from '../../lib/format';
import { ErrorAlert } from '../../lib/forms';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { countryNameFa } from './countries';
import { groupForeignIdFa } from './format';
import type { ForeignIdentifier } from './issue-form';
import { RevokeDialog } from './RevokeDialog';

const t = fa.identifiers.list;
/** identifiers:list pages by 50, newest first. */
const PAGE_SIZE = 50;
/** Tall enough for the rows shown (compact rows, header and footer), within bounds. */
const gridHeight = (rows: number) => Math.min(560, Math.max(220, 100 + 36 * rows));
const STATUS_COLOR = { issued: 'primary', registered: 'success', revoked: 'default' } as const;

/** What main should search for: an identifier typed with spaces or dashes becomes its 12 digits. */
function searchTerm(typed: string): string | undefined {
  const digits = normalizeDigitInput(typed);
  const term = /^[0-9]+$/.test(digits) ? digits : toAsciiDigits(typed).trim();
  return term ? term.slice(0, 60) : undefined;
}

/** A button inside a grid cell: it takes the focus when the keyboard moves onto its cell. */
function RevokeButton({ hasFocus, tabIndex, onClick }: { hasFocus: boolean; tabIndex: 0 | -1; onClick: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (hasFocus) ref.current?.focus();
  }, [hasFocus]);
  return (
    <Button ref={ref} tabIndex={tabIndex} size="small" color="error" onClick={onClick} data-testid="revoke-button">
      {t.revoke}
    </Button>
  );
}

/** The supervisor's list of identifiers (search by name, document number or identifier) with revoke. */
export function IdentifiersList({ search, onSearch }: { search: string; onSearch: (s: string) => void }) {
  const [typed, setTyped] = useState(search);
  const [page, setPage] = useState(0);
  const [revoking, setRevoking] = useState<ForeignIdentifier | null>(null);
  useEffect(() => setTyped(search), [search]);
  // A short pause after typing before asking main.
  useEffect(() => {
    const h = setTimeout(() => {
      onSearch(typed);
      setPage(0);
    }, 300);
    return () => clearTimeout(h);
  }, [typed, onSearch]);

  const list = useCall('identifiers:list', { query: searchTerm(search), page }, { placeholderData: keepPreviousData });
  const columns = useMemo<GridColDef<ForeignIdentifier>[]>(
    () => [
      {
        field: 'identifier',
        headerName: t.identifier,
        width: 160,
        renderCell: ({ row }) => (
          <Box component="bdi" dir="ltr" sx={{ fontWeight: 700 }} data-testid="row-identifier" data-value={row.identifier}>
            {groupForeignIdFa(row.identifier)}
          </Box>
        ),
      },
      { field: 'name', headerName: t.name, width: 140, valueGetter: (_v, row) => `${row.firstNameFa} ${row.lastNameFa}` },
      {
        field: 'latinName',
        headerName: t.latinName,
        width: 140,
        valueGetter: (_v, row) => `${row.firstNameLatin} ${row.lastNameLatin}`,
        renderCell: ({ value }) => <bdi dir="ltr">{value as string}</bdi>,
      },
      { field: 'nationality', headerName: t.nationality, width: 100, valueGetter: (_v, row) => countryNameFa(row.nationality) },
      {
        field: 'document',
        headerName: t.document,
        width: 170,
        valueGetter: (_v, row) => `${fa.idDocument.types[row.documentType]} ${row.documentNumber}`,
        renderCell: ({ row }) => (
          <span>
            {fa.idDocument.types[row.documentType]} <bdi dir="ltr">{row.documentNumber}</bdi>
          </span>
        ),
      },
      {
        field: 'status',
        headerName: t.status,
        width: 110,
        renderCell: ({ row }) => <Chip size="small" label={t.statuses[row.status]} color={STATUS_COLOR[row.status]} data-testid="row-status" data-value={row.status} />,
      },
      {
        field: 'actions',
        headerName: t.actions,
        width: 90,
        sortable: false,
        renderCell: ({ row, hasFocus, tabIndex }) =>
          row.status === 'issued' ? <RevokeButton hasFocus={hasFocus} tabIndex={tabIndex} onClick={() => setRevoking(row)} /> : null,
      },
      { field: 'birthDate', headerName: t.birthDate, width: 110, valueFormatter: (v: string) => jalaliDate(v) },
      { field: 'issuedAt', headerName: t.issuedAt, width: 140, valueFormatter: (v: string) => jalaliDateTime(v) },
      { field: 'issuedBy', headerName: t.issuedBy, width: 130 },
    ],
    [],
  );

  return (
    <Paper sx={{ p: 3 }} className="no-print" data-testid="identifiers-list">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' }, mb: 2 }}>
        <Typography variant="h6" component="h3" sx={{ flexGrow: 1 }}>
          {t.title}
          {list.data && (
            <Typography component="span" color="text.secondary" sx={{ mx: 1 }}>
              ({t.total(list.data.total)})
            </Typography>
          )}
        </Typography>
        <TextField
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          label={t.search}
          size="small"
          sx={{ minWidth: 320 }}
          data-testid="identifiers-search"
          slotProps={{
            htmlInput: { autoComplete: 'off', maxLength: 60 },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon />
                </InputAdornment>
              ),
            },
          }}
        />
      </Stack>
      <ErrorAlert error={list.error?.body} />
      <Box sx={{ height: gridHeight(list.data?.items.length ?? 0) }}>
        <DataGrid
          rows={list.data?.items ?? []}
          columns={columns}
          loading={list.isFetching}
          localeText={gridLocaleText}
          paginationMode="server"
          rowCount={list.data?.total ?? 0}
          paginationModel={{ page, pageSize: PAGE_SIZE }}
          onPaginationModelChange={(m: GridPaginationModel) => setPage(m.page)}
          pageSizeOptions={pageSizeOptions([PAGE_SIZE])}
          disableRowSelectionOnClick
          density="compact"
        />
      </Box>
      {revoking && <RevokeDialog target={revoking} onClose={() => setRevoking(null)} />}
    </Paper>
  );
}
