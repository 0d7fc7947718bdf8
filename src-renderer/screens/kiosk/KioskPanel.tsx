import { Paper, Typography } from '@mui/material';
import type { FormEventHandler, MouseEvent, ReactNode } from 'react';

/**
 * One kiosk step on a card. Forms turn the browser's autofill off (the next person must not see
 * the last one's entries); each input also says so itself.
 */
export function KioskPanel({ title, testId, onSubmit, children }: { title: string; testId: string; onSubmit?: FormEventHandler<HTMLFormElement>; children: ReactNode }) {
  const heading = (
    <Typography variant="h5" component="h2" gutterBottom>
      {title}
    </Typography>
  );
  if (!onSubmit) {
    return (
      <Paper sx={{ p: { xs: 2, sm: 4 } }} data-testid={testId}>
        {heading}
        {children}
      </Paper>
    );
  }
  return (
    <Paper component="form" onSubmit={onSubmit} noValidate autoComplete="off" sx={{ p: { xs: 2, sm: 4 } }} data-testid={testId}>
      {heading}
      {children}
    </Paper>
  );
}

/**
 * For buttons that leave a form: pressing one must not first blur the field (which would validate
 * it, show an error and move the button away from under the pointer before the click lands).
 */
export function keepFocus(e: MouseEvent): void {
  e.preventDefault();
}
