import { Alert, Box, Checkbox, Divider, FormControlLabel, Grid, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useMemo, type ReactNode } from 'react';
import { useBottomBarScrollPadding } from '../../lib/sticky-bar';
import { Controller, useWatch, type Control, type FieldError } from 'react-hook-form';
import { ID_DOCUMENT_TYPES } from '../../../shared/contract/common';
import { normalizeDigitInput } from '../../../shared/text/digits';
import { useAction, useCall } from '../../api/hooks';
import { fa, fieldMessageFa, WARNING_MESSAGES_FA } from '../../i18n/fa';
import { applyServerIssues, blurWhenChanged, ErrorAlert, inputBinding, fieldErrorText, FormSelect, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { BranchField } from './BranchField';
import { CodeField } from './CodeField';
import { registerSchema, toRegisterInput, type RegisteredApplicant, type RegisterFormValues, type RegisterResult } from './register-form';
import { TermsBox } from './TermsBox';

const t = fa.register;
const doc = fa.idDocument;

/** A choice not made yet reads «this field is required», not «the value is wrong». */
function choiceError(e: FieldError | undefined, value: unknown): string | undefined {
  if (!e) return undefined;
  return value === undefined || value === '' ? fieldMessageFa('REQUIRED') : fieldErrorText(e);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section">
      <Divider sx={{ mb: 2 }} />
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/**
 * REG-1..11, BR-1: the clerk registers the applicant present at the counter. Every field is checked
 * by the contract's own schema before anything is sent; main's refusals appear above the button and
 * its field issues beside their fields.
 */
export function RegisterForm({ onRegistered }: { onRegistered: (result: RegisterResult, who: RegisteredApplicant) => void }) {
  const terms = useCall('settings:terms', {});
  const groups = useCall('reference:groups', {});
  const actionsRef = useBottomBarScrollPadding<HTMLDivElement>();
  const register = useAction('accounts:register', { invalidates: ['accounts:search', 'reports:today', 'identifiers:list'] });
  const form = useZodForm(registerSchema, {
    kind: 'citizen',
    termsVersion: '',
    idDocument: { type: 'national_card', number: '' },
    insuranceNumber: '',
    mobile: '',
    email: '',
    firstName: '',
    lastName: '',
  });
  const { setValue } = form;
  // The contract's optional names parse to `null` but are typed in as strings, so the parsed type
  // is not the typed one; the field helpers only need the typed side.
  const control = form.control as unknown as Control<RegisterFormValues>;
  const kind = useWatch({ control, name: 'kind' });
  const mobile = useWatch({ control, name: 'mobile' });
  const openGroups = useMemo(() => (groups.data ?? []).filter((g) => g.registrationOpen), [groups.data]);

  useEffect(() => {
    if (terms.data) setValue('termsVersion', terms.data.version);
  }, [terms.data, setValue]);
  // One open group (the usual case at a branch) needs no choosing.
  useEffect(() => {
    if (openGroups.length === 1 && form.getValues('insuranceGroupId') === undefined) setValue('insuranceGroupId', openGroups[0]!.id);
  }, [openGroups, form, setValue]);

  const submit = form.handleSubmit((v) =>
    register.mutate(toRegisterInput(v), {
      // The name main registered: a foreign national's comes from the identifier when none was typed.
      onSuccess: (r) => onRegistered(r, { kind: v.kind, fullName: r.fullName }),
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );

  const loadError = terms.error ?? groups.error;
  const noMobile = normalizeDigitInput(mobile ?? '') === '';

  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="register-form">
      <Stack spacing={2.5}>
        {loadError && <ErrorAlert error={loadError.body} />}
        {terms.data && <TermsBox control={control} text={terms.data.text} version={terms.data.version} />}

        <Section title={t.identity.title}>
          <Grid container spacing={2}>
            <Grid size={12}>
              <Controller
                control={control}
                name="kind"
                render={({ field }) => (
                  <FormControlLabel
                    label={t.identity.foreign}
                    control={
                      <Checkbox
                        checked={field.value === 'foreign'}
                        onChange={(e) => {
                          const next = e.target.checked ? 'foreign' : 'citizen';
                          field.onChange(next);
                          setValue('idDocument.type', next === 'foreign' ? 'passport' : 'national_card');
                        }}
                        slotProps={{ input: { ref: field.ref, 'data-testid': 'foreign-switch' } as object }}
                      />
                    }
                  />
                )}
              />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <CodeField control={control} kind={kind} />
            </Grid>
            <Grid size={{ xs: 12, md: 3 }}>
              <FormSelect
                control={control}
                name="idDocument.type"
                label={doc.type}
                helperText={doc.title}
                testId="document-type"
                options={ID_DOCUMENT_TYPES.map((d) => ({ value: d, label: doc.types[d] }))}
              />
            </Grid>
            <Grid size={{ xs: 12, md: 3 }}>
              <FormText control={control} name="idDocument.number" digitsFa label={doc.number} helperText=" " required data-testid="document-number" slotProps={{ htmlInput: { dir: 'ltr' } }} />
            </Grid>
          </Grid>
        </Section>

        <Section title={t.insurance.title}>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 6 }}>
              <BranchField control={control} />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Controller
                control={control}
                name="insuranceGroupId"
                render={({ field, fieldState }) => (
                  <TextField
                    {...inputBinding(field)}
                    onBlur={blurWhenChanged(field, fieldState)}
                    value={field.value ?? ''}
                    onChange={(e) => field.onChange(Number(e.target.value))}
                    select
                    fullWidth
                    required
                    label={t.insurance.group}
                    data-testid="group-field"
                    disabled={groups.isSuccess && openGroups.length === 0}
                    error={!!fieldState.error}
                    helperText={choiceError(fieldState.error, field.value) ?? t.insurance.groupHelp}
                  >
                    {openGroups.map((g) => (
                      <MenuItem key={g.id} value={g.id}>
                        {g.name}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              />
              {groups.isSuccess && openGroups.length === 0 && (
                <Alert severity="warning" sx={{ mt: 1 }}>
                  {t.insurance.noOpenGroup}
                </Alert>
              )}
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <FormText
                control={control}
                name="insuranceNumber"
                digitsFa
                label={t.insurance.insuranceNumber}
                required
                helperText={t.insurance.insuranceNumberHelp}
                data-testid="insurance-number"
                slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'numeric' } }}
              />
            </Grid>
          </Grid>
        </Section>

        <Section title={t.contact.title}>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 6 }}>
              <FormText
                control={control}
                name="mobile"
                digitsFa
                label={t.contact.mobile}
                helperText={t.contact.mobileHelp}
                data-testid="mobile-field"
                slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'tel' } }}
              />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <FormText control={control} name="email" label={t.contact.email} helperText=" " data-testid="email-field" slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'email' } }} />
            </Grid>
            {noMobile && (
              <Grid size={12}>
                <Alert severity="warning" data-testid="no-mobile-warning">
                  {WARNING_MESSAGES_FA.NO_RECOVERY_CHANNEL}
                </Alert>
              </Grid>
            )}
            <Grid size={{ xs: 12, md: 6 }}>
              <FormText
                control={control}
                name="firstName"
                label={t.contact.firstName}
                helperText={kind === 'foreign' ? t.contact.nameHelpForeign : ' '}
                data-testid="first-name"
              />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <FormText control={control} name="lastName" label={t.contact.lastName} helperText=" " data-testid="last-name" />
            </Grid>
          </Grid>
        </Section>

        {/* Issue 12 item 9: at 1366×768 the button was below the fold; the bar stays at the window's
            bottom while the form scrolls, with main's refusal beside the button that caused it. */}
        <Box
          ref={actionsRef}
          data-testid="register-actions"
          sx={{ position: 'sticky', bottom: 0, zIndex: 2, mx: -3, px: 3, py: 1.5, bgcolor: 'background.paper', borderTop: 1, borderColor: 'divider' }}
        >
          <ErrorAlert error={register.error?.body} />
          <SubmitButton loading={register.isPending} disabled={!terms.data}>
            {t.submit}
          </SubmitButton>
        </Box>
      </Stack>
    </Box>
  );
}
