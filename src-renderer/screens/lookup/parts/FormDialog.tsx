import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import type { FormEventHandler, ReactNode } from 'react';
import { fa } from '../../../i18n/fa';
import { SubmitButton } from '../../../lib/forms';

/**
 * A dialog that is one form: Enter submits, Escape closes, the submit button shows progress and
 * cannot be pressed twice. Without `onSubmit` it is no form (a result page, or a body that holds
 * its own forms); `submitLabel` null hides the submit button.
 */
export function FormDialog({
  title,
  testId,
  onClose,
  onSubmit,
  submitLabel,
  loading = false,
  submitDisabled = false,
  extraActions,
  children,
  className,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  onSubmit?: FormEventHandler<HTMLFormElement>;
  submitLabel: string | null;
  loading?: boolean;
  submitDisabled?: boolean;
  extraActions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Dialog open onClose={loading ? undefined : onClose} fullWidth maxWidth="sm" data-testid={testId}>
      <Box component={onSubmit ? 'form' : 'div'} onSubmit={onSubmit} noValidate={onSubmit ? true : undefined} className={className}>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {children}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2, gap: 1 }}>
          {extraActions}
          <Button onClick={onClose} disabled={loading} data-testid="dialog-close">
            {submitLabel === null ? fa.close : fa.cancel}
          </Button>
          {submitLabel !== null && (
            <SubmitButton loading={loading} disabled={submitDisabled}>
              {submitLabel}
            </SubmitButton>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}
