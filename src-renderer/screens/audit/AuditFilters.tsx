import { Autocomplete, Box, Button, MenuItem, Paper, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import type { Input } from '../../../shared/contract';
import { toAsciiDigits } from '../../../shared/text/digits';
import { fa } from '../../i18n/fa';
import { actionName, tehranDayStart } from './audit-text';
import { JalaliDayField } from './JalaliDayField';

const t = fa.audit.filters;
export type AuditFilter = Omit<Input<'audit:list'>, 'page' | 'pageSize'>;

const ACTIONS = Object.keys(fa.audit.actions).sort();
const SUBJECT_TYPES = Object.keys(fa.audit.subjectTypes);

/** Action, subject and a Jalali day range; Enter in any field applies them. */
export function AuditFilters({ onApply }: { onApply: (f: AuditFilter) => void }) {
  const [action, setAction] = useState('');
  const [subjectType, setSubjectType] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [from, setFrom] = useState<Date | null>(null);
  const [to, setTo] = useState<Date | null>(null);

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    const valid = (d: Date | null) => d !== null && !Number.isNaN(d.getTime());
    onApply({
      ...(action.trim() && { action: action.trim().slice(0, 40) }),
      ...(subjectType && { subjectType }),
      ...(subjectId.trim() && { subjectId: toAsciiDigits(subjectId).trim().slice(0, 40) }),
      ...(valid(from) && { from: tehranDayStart(from!) }),
      // The whole "to" day is included: the bound is the next day's start (exclusive).
      ...(valid(to) && { to: tehranDayStart(to!, 1) }),
    });
  };
  const clear = () => {
    setAction('');
    setSubjectType('');
    setSubjectId('');
    setFrom(null);
    setTo(null);
    onApply({});
  };

  return (
    <Paper component="form" onSubmit={apply} noValidate sx={{ p: 2, mb: 2 }} data-testid="audit-filters">
      <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
        <Autocomplete
          freeSolo
          options={ACTIONS}
          getOptionLabel={(a) => actionName(a)}
          renderOption={(props, a) => (
            <Box component="li" {...props} key={a} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
              <span>{actionName(a)}</span>
              <Box component="span" dir="ltr" sx={{ color: 'text.secondary', fontSize: 12, fontFamily: 'monospace' }}>
                {a}
              </Box>
            </Box>
          )}
          inputValue={action in fa.audit.actions ? actionName(action) : action}
          onInputChange={(_e, v) => setAction(ACTIONS.find((a) => actionName(a) === v) ?? v)}
          sx={{ width: 300 }}
          renderInput={(params) => <TextField {...params} autoFocus label={t.action} name="action" helperText={t.actionHelp} />}
        />
        <TextField select label={t.subjectType} value={subjectType} onChange={(e) => setSubjectType(e.target.value)} sx={{ width: 180 }} data-testid="audit-subject-type">
          <MenuItem value="">{t.any}</MenuItem>
          {SUBJECT_TYPES.map((s) => (
            <MenuItem key={s} value={s}>
              {fa.audit.subjectTypes[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label={t.subjectId}
          value={subjectId}
          onChange={(e) => setSubjectId(e.target.value)}
          sx={{ width: 180 }}
          slotProps={{ htmlInput: { dir: 'ltr', autoComplete: 'off', 'data-testid': 'audit-subject-id' } }}
        />
      </Stack>
      <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', mt: 2 }}>
        <JalaliDayField label={t.from} value={from} onChange={setFrom} testId="audit-from" />
        <JalaliDayField label={t.to} value={to} onChange={setTo} testId="audit-to" />
        <Stack direction="row" spacing={1} sx={{ alignSelf: 'center' }}>
          <Button type="submit" variant="contained" data-testid="audit-apply">
            {t.apply}
          </Button>
          <Button onClick={clear} data-testid="audit-clear">
            {t.clear}
          </Button>
        </Stack>
      </Stack>
    </Paper>
  );
}
