import { Box, Paper, Typography } from '@mui/material';
import { useState } from 'react';
import { fa } from '../../i18n/fa';
import { RegisterForm } from './RegisterForm';
import { RegisterReceipt } from './RegisterReceipt';
import { RegistryAgeNotice } from './RegistryAgeNotice';
import type { RegisteredApplicant, RegisterResult } from './register-form';

const t = fa.register;

/** Register (BR-1, REG-1..11): the form, then the receipt; "new registration" starts a fresh form. */
export default function RegisterScreen(_props: { params?: Record<string, string> }) {
  const [done, setDone] = useState<{ result: RegisterResult; who: RegisteredApplicant } | null>(null);
  const [round, setRound] = useState(0);
  return (
    <Box sx={{ maxWidth: 1000, mx: 'auto' }} data-testid="register-screen">
      <Typography variant="h5" component="h2" gutterBottom className="no-print">
        {t.title}
      </Typography>
      {done ? (
        <RegisterReceipt
          result={done.result}
          who={done.who}
          onAnother={() => {
            setDone(null);
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <Paper sx={{ p: 3 }}>
          <RegistryAgeNotice />
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t.intro}
          </Typography>
          <RegisterForm key={round} onRegistered={(result, who) => setDone({ result, who })} />
        </Paper>
      )}
    </Box>
  );
}
