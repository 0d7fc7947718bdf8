import { Autocomplete, TextField } from '@mui/material';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, type Control } from 'react-hook-form';
import type { Output } from '../../../shared/contract';
import { useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { branchOption } from '../../lib/format';
import { blurWhenChanged, fieldErrorText } from '../../lib/forms';
import type { RegisterFormValues } from './register-form';

type Branch = Output<'reference:branches'>[number];
const t = fa.register.insurance;

/** REG-8: the applicant's branch, typed by name (or code) and chosen from the list main finds. */
export function BranchField({ control }: { control: Control<RegisterFormValues> }) {
  const [query, setQuery] = useState('');
  const branches = useCall('reference:branches', { query }, { placeholderData: keepPreviousData });
  const [chosen, setChosen] = useState<Branch | null>(null);
  return (
    <Controller
      control={control}
      name="branchId"
      render={({ field, fieldState }) => (
        <Autocomplete
          options={branches.data ?? []}
          value={chosen}
          loading={branches.isFetching}
          getOptionLabel={branchOption}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          // main already filtered by name and code; the label would not match a typed code.
          filterOptions={(x) => x}
          autoHighlight
          noOptionsText={t.noBranch}
          loadingText={fa.loading}
          onInputChange={(_e, v, reason) => {
            if (reason === 'input' || reason === 'clear') setQuery(v.slice(0, 60));
          }}
          onChange={(_e, b) => {
            setChosen(b);
            field.onChange(b?.id);
          }}
          onBlur={blurWhenChanged(field, fieldState)}
          renderInput={(params) => (
            <TextField
              {...params}
              inputRef={field.ref}
              required
              name="branch"
              label={t.branch}
              data-testid="branch-field"
              error={!!fieldState.error}
              helperText={fieldState.error ? fieldErrorText(fieldState.error) : t.branchHelp}
            />
          )}
        />
      )}
    />
  );
}
