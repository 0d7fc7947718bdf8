import DownloadIcon from '@mui/icons-material/Download';
import PrintIcon from '@mui/icons-material/Print';
import { Box, Button, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { DatePicker } from '@mui/x-date-pickers';
import { useMemo, useState } from 'react';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { downloadText } from '../../lib/download';
import { ErrorAlert } from '../../lib/forms';
import { fa as faDigits, jalaliDateTime } from '../../lib/format';
import { gridLocaleText, pageSizeOptions } from '../../lib/grid-locale';
import { actionLabel, actorLabel, jalaliDay, parseIsoDay, reportCsv, stationLabel, toIsoDay, type DailyReport } from './report-data';

const t = fa.report;

/** Earlier than any branch running this application. */
const MIN_DATE = new Date(2000, 0, 1);
const PAGE_SIZES = pageSizeOptions([25, 50, 100]);

interface Row {
  id: string;
  actor: string;
  action: string;
  count: number;
}

const COLUMNS: GridColDef<Row>[] = [
  { field: 'actor', headerName: t.columns.actor, flex: 1, minWidth: 200 },
  { field: 'action', headerName: t.columns.action, flex: 1, minWidth: 200 },
  { field: 'count', headerName: t.columns.count, type: 'number', width: 110, valueFormatter: (v: number) => faDigits(v) },
];

function NoRows() {
  return (
    <Box sx={{ p: 2 }} data-testid="report-empty">
      {t.empty}
    </Box>
  );
}

/** The audit chain head, printed so that a rebuilt or cut chain is noticed the next day. */
function ChainHead({ head }: { head: DailyReport['chainHead'] }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="report-chain-head">
      <Typography variant="subtitle1" component="h3">
        {t.chain.title}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 4, rowGap: 1, my: 1 }}>
        <Typography>
          {t.chain.lastId}:{' '}
          <Box component="span" dir="ltr" sx={{ fontFamily: 'monospace' }} data-testid="report-chain-id">
            {faDigits(head.lastId)}
          </Box>
        </Typography>
        <Typography sx={{ minWidth: 0 }}>
          {t.chain.lastHash}:{' '}
          <Box component="span" dir="ltr" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="report-chain-hash">
            {head.lastHash}
          </Box>
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t.chain.help}
      </Typography>
    </Paper>
  );
}

/** Registrations and identifiers per issuing station, on screen and on paper alike. */
function StationTable({ stations }: { stations: DailyReport['stations'] }) {
  const cellSx = { border: '1px solid #999', p: '4px 8px', textAlign: 'start' } as const;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="report-stations">
      <Typography variant="subtitle1" component="h3">
        {t.station.title}
      </Typography>
      {stations.length === 0 ? (
        <Typography data-testid="report-stations-empty">{t.station.empty}</Typography>
      ) : (
        <Box component="table" sx={{ borderCollapse: 'collapse', width: '100%', my: 1 }}>
          <thead>
            <tr>
              {[t.station.columns.station, t.station.columns.registrations, t.station.columns.identifiers].map((h) => (
                <Box component="th" sx={cellSx} key={h}>
                  {h}
                </Box>
              ))}
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={`${s.branchCode}/${s.stationNumber}`} data-testid="report-station-row">
                <Box component="td" sx={cellSx}>
                  {stationLabel(s)}
                </Box>
                <Box component="td" sx={cellSx}>
                  {faDigits(s.registrations)}
                </Box>
                <Box component="td" sx={cellSx}>
                  {faDigits(s.identifiers)}
                </Box>
              </tr>
            ))}
          </tbody>
        </Box>
      )}
    </Paper>
  );
}

/** What the printer gets instead of the interactive grid (which only draws its visible rows). */
function PrintTable({ rows, total }: { rows: Row[]; total: number }) {
  const cellSx = { border: '1px solid #999', p: '4px 8px', textAlign: 'start' } as const;
  return (
    <Box className="print-only" data-testid="report-print-table">
      <Box component="table" sx={{ borderCollapse: 'collapse', width: '100%', my: 2 }}>
        <thead>
          <tr>
            <Box component="th" sx={cellSx}>
              {t.columns.actor}
            </Box>
            <Box component="th" sx={cellSx}>
              {t.columns.action}
            </Box>
            <Box component="th" sx={cellSx}>
              {t.columns.count}
            </Box>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <Box component="td" sx={cellSx}>
                {r.actor}
              </Box>
              <Box component="td" sx={cellSx}>
                {r.action}
              </Box>
              <Box component="td" sx={cellSx}>
                {faDigits(r.count)}
              </Box>
            </tr>
          ))}
          <tr>
            <Box component="th" sx={cellSx} colSpan={2}>
              {t.total}
            </Box>
            <Box component="th" sx={cellSx}>
              {faDigits(total)}
            </Box>
          </tr>
        </tbody>
      </Box>
    </Box>
  );
}

/** Issue 4 item 3: per clerk and per action for a chosen Jalali day, printable and as CSV. */
export default function ReportScreen(_props: { params?: Record<string, string> }) {
  // "Today" is main's day (its clock, Tehran time), not this browser's.
  const today = useCall('reports:today', {});
  const staff = useCall('staff:list', {});
  const [picked, setPicked] = useState<Date | null>(null);
  // The day asked for changes only when the field holds a whole, valid day (not while a year is
  // half typed).
  const [chosenDay, setChosenDay] = useState<string | null>(null);
  const todayDate = today.data ? parseIsoDay(today.data.day) : null;
  const day = chosenDay ?? today.data?.day ?? null;
  const report = useCall('reports:daily', { day: day ?? '' }, { enabled: day !== null });

  const staffNames = useMemo(() => new Map((staff.data ?? []).map((s) => [s.username, s.displayName])), [staff.data]);
  const rows = useMemo<Row[]>(
    () => (report.data?.rows ?? []).map((r) => ({ id: `${r.actor}\u0000${r.action}`, actor: actorLabel(r.actor, staffNames), action: actionLabel(r.action), count: r.count })),
    [report.data, staffNames],
  );
  const total = rows.reduce((a, r) => a + r.count, 0);
  const data = report.data;

  return (
    <Stack spacing={2} data-testid="report-screen">
      <Box>
        <Typography variant="h5" component="h2">
          {t.title}
        </Typography>
        <Typography color="text.secondary" className="no-print">
          {t.intro}
        </Typography>
      </Box>

      <Stack direction="row" className="no-print" sx={{ flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
        <Box data-testid="report-day">
          <DatePicker
            label={t.day}
            value={picked ?? todayDate}
            onChange={(d, context) => {
              setPicked(d);
              if (d && !context.validationError && !Number.isNaN(d.getTime())) setChosenDay(toIsoDay(d));
            }}
            minDate={MIN_DATE}
            maxDate={todayDate ?? undefined}
            autoFocus
            slotProps={{ textField: { helperText: t.dayHelp } }}
          />
        </Box>
        <Button variant="outlined" startIcon={<PrintIcon />} disabled={!data} onClick={() => window.print()} data-testid="report-print" sx={{ mt: 1 }}>
          {t.print}
        </Button>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={!data}
          onClick={() => data && downloadText(reportCsv(data, staffNames), `daily-report-${data.day}.csv`, 'text/csv;charset=utf-8')}
          data-testid="report-csv"
          sx={{ mt: 1 }}
        >
          {t.csv}
        </Button>
      </Stack>

      <ErrorAlert error={report.error?.body ?? today.error?.body} />
      {report.isFetching && !data && <CircularProgress aria-label={fa.loading} />}

      {data && (
        <>
          <Typography data-testid="report-meta">
            {t.printedFor(jalaliDay(data.day))} — {t.generatedAt}: {jalaliDateTime(data.generatedAt)}
          </Typography>
          <Typography data-testid="report-station">
            {t.station.issuing}: {stationLabel(data.station)}
          </Typography>
          <Box className="no-print" data-testid="report-table">
            <DataGrid
              rows={rows}
              columns={COLUMNS}
              autoHeight
              density="compact"
              localeText={gridLocaleText}
              disableRowSelectionOnClick
              pageSizeOptions={PAGE_SIZES}
              initialState={{ pagination: { paginationModel: { pageSize: 25 } }, sorting: { sortModel: [{ field: 'actor', sort: 'asc' }] } }}
              slots={{ noRowsOverlay: NoRows }}
            />
          </Box>
          <Typography className="no-print" data-testid="report-total">
            {t.total}: {faDigits(total)}
          </Typography>
          <PrintTable rows={rows} total={total} />
          <StationTable stations={data.stations} />
          <ChainHead head={data.chainHead} />
        </>
      )}
    </Stack>
  );
}
