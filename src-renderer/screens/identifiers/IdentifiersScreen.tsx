import { Box, Paper, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { fa } from '../../i18n/fa';
import { IdentifierSlip } from './IdentifierSlip';
import { IdentifiersList } from './IdentifiersList';
import { IssueIdentifierForm } from './IssueIdentifierForm';
import type { ForeignIdentifier } from './issue-form';

const t = fa.identifiers;

/** Foreign-national identifiers (supervisor, BR-2, REG-4): issue with a printable slip; list and revoke. */
export default function IdentifiersScreen(_props: { params?: Record<string, string> }) {
  const [issued, setIssued] = useState<ForeignIdentifier | null>(null);
  const [round, setRound] = useState(0);
  const [search, setSearch] = useState('');
  return (
    <Box sx={{ maxWidth: 1200, mx: 'auto' }} data-testid="identifiers-screen">
      <Typography variant="h5" component="h2" gutterBottom className="no-print">
        {t.title}
      </Typography>
      <Stack spacing={3}>
        {issued ? (
          <IdentifierSlip
            identifier={issued}
            onAnother={() => {
              setIssued(null);
              setRound((r) => r + 1);
            }}
          />
        ) : (
          <Paper sx={{ p: 3 }} className="no-print">
            <Typography variant="h6" component="h3" gutterBottom>
              {t.issue.title}
            </Typography>
            <IssueIdentifierForm key={round} onIssued={setIssued} onShowExisting={setSearch} />
          </Paper>
        )}
        <IdentifiersList search={search} onSearch={setSearch} />
      </Stack>
    </Box>
  );
}
