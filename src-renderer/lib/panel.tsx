import { Paper, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * The frame every settings and headquarters panel shares: a titled card with a line saying what
 * it is for, so that each screen's sections read (and are found by tests and screen readers) alike.
 */
export function SectionPanel({
  testId,
  title,
  intro,
  introGap = 1,
  introClassName,
  children,
}: {
  testId: string;
  title: string;
  intro: ReactNode;
  introGap?: number;
  /** e.g. `no-print`, where the panel prints and its explanation should not. */
  introClassName?: string;
  children: ReactNode;
}) {
  return (
    <Paper sx={{ p: 2 }} data-testid={testId}>
      <Typography variant="h6" component="h3">
        {title}
      </Typography>
      <Typography color="text.secondary" className={introClassName} sx={{ mb: introGap }}>
        {intro}
      </Typography>
      {children}
    </Paper>
  );
}
