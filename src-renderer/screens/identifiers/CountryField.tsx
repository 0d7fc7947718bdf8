import { Autocomplete, TextField } from '@mui/material';
import { Controller, type Control } from 'react-hook-form';
import { fa } from '../../i18n/fa';
import { blurWhenChanged, fieldErrorText } from '../../lib/forms';
import { COUNTRIES, countryByCode, matchCountries } from './countries';
import type { IssueFormValues } from './issue-form';

const t = fa.identifiers.issue;

/** Nationality: Persian country names (English and the code also match); the value is alpha-2. */
export function CountryField({ control }: { control: Control<IssueFormValues> }) {
  return (
    <Controller
      control={control}
      name="nationality"
      render={({ field, fieldState }) => (
        <Autocomplete
          options={COUNTRIES}
          value={countryByCode(field.value)}
          onChange={(_e, c) => field.onChange(c?.code ?? '')}
          onBlur={blurWhenChanged(field, fieldState)}
          getOptionLabel={(c) => c.fa}
          getOptionKey={(c) => c.code}
          groupBy={(c) => (c.frequent ? t.frequent : t.allCountries)}
          isOptionEqualToValue={(a, b) => a.code === b.code}
          filterOptions={(options, state) => matchCountries(options, state.inputValue)}
          autoHighlight
          noOptionsText={t.noCountry}
          renderInput={(params) => (
            <TextField
              {...params}
              inputRef={field.ref}
              name="nationality"
              required
              label={t.nationality}
              data-testid="nationality-field"
              error={!!fieldState.error}
              helperText={fieldState.error ? fieldErrorText(fieldState.error) : t.nationalityHelp}
            />
          )}
        />
      )}
    />
  );
}
