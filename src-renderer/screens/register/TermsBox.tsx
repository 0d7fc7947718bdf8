import { Box, Checkbox, FormControlLabel, FormHelperText, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { Controller, type Control } from 'react-hook-form';
import { ERROR_MESSAGES_FA, fa } from '../../i18n/fa';
import { blurWhenChanged } from '../../lib/forms';
import type { RegisterFormValues } from './register-form';

const t = fa.register.terms;

/**
 * REG-2: the current terms (text and version from settings) in a scroll box, and the clerk's
 * explicit confirmation that the applicant read and accepted them. Unticked is `undefined`, which
 * the contract's `literal(true)` refuses with TERMS_NOT_ACCEPTED.
 */
export function TermsBox({ control, text, version }: { control: Control<RegisterFormValues>; text: string; version: string }) {
  // The box appears when the terms arrive, and its checkbox takes the focus (the form's first
  // field) — unless the clerk is already typing in this form: that field keeps it (autoFocus took it).
  const box = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    const el = box.current;
    if (el && !el.form?.contains(document.activeElement)) el.focus();
  }, []);
  return (
    <Box component="section" aria-labelledby="terms-title">
      <Typography id="terms-title" variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
        {t.title}{' '}
        <Typography component="span" variant="body2" color="text.secondary">
          ({t.version(version)})
        </Typography>
      </Typography>
      <Box
        data-testid="terms-text"
        tabIndex={0}
        role="region"
        aria-labelledby="terms-title"
        sx={{
          maxHeight: 140,
          overflowY: 'auto',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          p: 1.5,
          my: 1,
          bgcolor: 'grey.50',
          whiteSpace: 'pre-wrap',
          lineHeight: 1.9,
          '&:focus-visible': { outline: '3px solid #f9a825' },
        }}
      >
        {text}
      </Box>
      <Controller
        control={control}
        name="termsAccepted"
        render={({ field, fieldState }) => (
          <>
            <FormControlLabel
              label={t.accepted}
              control={
                <Checkbox
                  checked={field.value === true}
                  onChange={(e) => field.onChange(e.target.checked ? true : undefined)}
                  onBlur={blurWhenChanged(field, fieldState)}
                  slotProps={{
                    input: {
                      ref: (e: HTMLInputElement | null) => {
                        box.current = e;
                        field.ref(e);
                      },
                      'data-testid': 'terms-accepted',
                    } as object,
                  }}
                />
              }
            />
            {/* The line is always there, so the refusal appearing moves nothing under the pointer. */}
            <FormHelperText error={!!fieldState.error} sx={{ mt: 0 }}>
              {fieldState.error ? ERROR_MESSAGES_FA.TERMS_NOT_ACCEPTED : ' '}
            </FormHelperText>
          </>
        )}
      />
    </Box>
  );
}
