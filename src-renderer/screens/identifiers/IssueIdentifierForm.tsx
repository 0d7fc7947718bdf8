import { Alert, Box, Button, Grid, Stack, Typography } from '@mui/material';
import { FOREIGN_DOCUMENT_TYPES } from '../../../shared/contract/identifiers.contract';
import { useAction } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { applyServerIssues, ErrorAlert, FormSelect, FormText, SubmitButton, useZodForm } from '../../lib/forms';
import { BirthDateField } from './BirthDateField';
import { CountryField } from './CountryField';
import { groupForeignIdFa } from './format';
import { issueSchema, type ForeignIdentifier } from './issue-form';

const t = fa.identifiers.issue;
const doc = fa.idDocument;

/**
 * BR-2, REG-4: the holder's details as on the travel or residence document. A document that
 * already holds a live identifier is refused (IDENTIFIER_EXISTS) and the existing one is named.
 */
export function IssueIdentifierForm({ onIssued, onShowExisting }: { onIssued: (r: ForeignIdentifier) => void; onShowExisting: (identifier: string) => void }) {
  const issue = useAction('identifiers:issue', { invalidates: ['identifiers:list', 'reports:today'] });
  const form = useZodForm(issueSchema, {
    firstNameFa: '',
    lastNameFa: '',
    firstNameLatin: '',
    lastNameLatin: '',
    fatherName: '',
    nationality: '',
    documentType: 'passport',
    documentNumber: '',
    birthDate: '',
  });
  const { control } = form;
  const submit = form.handleSubmit((v) =>
    issue.mutate(v, {
      onSuccess: onIssued,
      onError: (e) => applyServerIssues(form.setError, e.body),
    }),
  );
  const existing = issue.error?.body.code === 'IDENTIFIER_EXISTS' ? issue.error.body.details?.identifier : undefined;

  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="issue-form">
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t.intro}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="firstNameFa" helperText=" " label={t.firstNameFa} required autoFocus data-testid="first-name-fa" />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="lastNameFa" helperText=" " label={t.lastNameFa} required data-testid="last-name-fa" />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="fatherName" helperText=" " label={t.fatherName} required data-testid="father-name" />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="firstNameLatin" helperText=" " label={t.firstNameLatin} required data-testid="first-name-latin" slotProps={{ htmlInput: { dir: 'ltr', lang: 'en' } }} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="lastNameLatin" helperText=" " label={t.lastNameLatin} required data-testid="last-name-latin" slotProps={{ htmlInput: { dir: 'ltr', lang: 'en' } }} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <BirthDateField control={control} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountryField control={control} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormSelect
            control={control}
            name="documentType"
            label={t.documentType}
            testId="document-type"
            options={FOREIGN_DOCUMENT_TYPES.map((d) => ({ value: d, label: doc.types[d] }))}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <FormText control={control} name="documentNumber" helperText=" " label={t.documentNumber} required data-testid="document-number" slotProps={{ htmlInput: { dir: 'ltr' } }} />
        </Grid>
      </Grid>
      <Stack spacing={1} sx={{ mt: 2 }}>
        <ErrorAlert error={issue.error?.body} />
        {typeof existing === 'string' && (
          <Alert
            severity="info"
            data-testid="existing-identifier"
            action={
              <Button color="inherit" size="small" onClick={() => onShowExisting(existing)}>
                {t.showExisting}
              </Button>
            }
          >
            {t.existing}{' '}
            <Box component="bdi" dir="ltr" sx={{ fontWeight: 700, fontSize: '1.1rem' }} data-value={existing}>
              {groupForeignIdFa(existing)}
            </Box>
          </Alert>
        )}
        <Box>
          <SubmitButton loading={issue.isPending}>{t.submit}</SubmitButton>
        </Box>
      </Stack>
    </Box>
  );
}
