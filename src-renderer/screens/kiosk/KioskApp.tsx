import { Alert, Box, Button, CircularProgress, Snackbar } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract';
import { KIOSK_IDLE_END_MS } from '../../../shared/contract/session-limits';
import { maskId } from '../../../shared/text/mask';
import { call } from '../../api/client';
import { onSessionProblem, useCall } from '../../api/hooks';
import { fa } from '../../i18n/fa';
import { fa as faDigits } from '../../lib/format';
import { Shell } from '../../shell/Shell';
import { useKioskStatus } from '../../shell/useStatus';
import { KioskChange } from './KioskChange';
import { KioskDone } from './KioskDone';
import { KioskLogin } from './KioskLogin';
import { KioskRecover } from './KioskRecover';
import { useIdleClear } from './useIdleClear';

/** Issue 4 item 11: the kiosk forgets each person after this long without input. */
// The server ends the kiosk login after the same idle time (issue 10 item 6).
const IDLE_TIMEOUT_MS = KIOSK_IDLE_END_MS;
const IDLE_WARNING_MS = 15_000;
const ME_KEY = ['portal:me', {}];

type Me = NonNullable<Output<'portal:me'>>;

/**
 * The citizen kiosk: its own surface and session kind, with no way to the staff desk. Login
 * (LOG-1) → forced change (LOG-2, LOG-3) → the accesses granted (LOG-5); or self-service
 * recovery (REC-1..5). It clears itself after each person.
 */
export default function KioskApp(_props: { params?: Record<string, string> }) {
  const { status, error } = useKioskStatus();
  const qc = useQueryClient();
  const me = useCall('portal:me', {}, { enabled: status !== null });
  const [view, setView] = useState<'login' | 'recover'>('login');
  const [justChanged, setJustChanged] = useState(false);
  // Bumped to remount every form empty.
  const [generation, setGeneration] = useState(0);

  useEffect(() => onSessionProblem(() => void qc.invalidateQueries({ queryKey: ME_KEY })), [qc]);
  // The page (window, tab) is named as the kiosk, not as the staff desk that shares its index.html.
  useEffect(() => {
    document.title = fa.kioskTitle;
  }, []);

  const setMe = useCallback((m: Me | null) => qc.setQueryData(ME_KEY, m), [qc]);

  const clear = useCallback(() => {
    void call('portal:logout', {});
    setMe(null);
    qc.removeQueries({ queryKey: ['portal:captcha'] });
    setView('login');
    setJustChanged(false);
    setGeneration((g) => g + 1);
  }, [qc, setMe]);

  const person = me.data ?? null;
  const idle = useIdleClear({ armed: person !== null || view !== 'login', timeoutMs: IDLE_TIMEOUT_MS, warnMs: IDLE_WARNING_MS, onIdle: clear });
  const logout = () => {
    clear();
    idle.reset();
  };

  let body;
  // Without a kiosk session nothing here can work: say so instead of waiting (issue 12 item 10).
  if (!status)
    body = error ? (
      <Alert severity="error" data-testid="kiosk-no-session" data-code={error.code}>
        {fa.kiosk.noSession}
      </Alert>
    ) : (
      <CircularProgress aria-label={fa.loading} />
    );
  else if (me.isPending) body = <CircularProgress aria-label={fa.loading} />;
  else if (person?.mustChangePassword) body = <KioskChange onChanged={(m) => (setJustChanged(true), setMe(m))} onCancel={logout} />;
  else if (person) body = <KioskDone me={person} justChanged={justChanged} onLogout={logout} />;
  else if (view === 'recover') body = <KioskRecover onBack={() => setView('login')} />;
  else body = <KioskLogin onLoggedIn={setMe} onForgot={() => setView('recover')} />;

  return (
    // A citizen sees no gateway, database or queue: no status bar on the kiosk (issue 12 item 10).
    <Shell status={status} error={status ? error : null} statusBar={false} title={fa.kioskTitle} user={person ? faDigits(maskId(person.username)) : undefined} onLogout={person ? logout : undefined}>
      <Box key={generation} sx={{ maxWidth: view === 'recover' && !person ? 1100 : 560, mx: 'auto', my: { xs: 1, sm: 3 } }} data-testid="kiosk-app">
        {body}
      </Box>
      <Snackbar open={idle.secondsLeft !== null} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        <Alert
          severity="warning"
          variant="filled"
          data-testid="kiosk-idle-warning"
          action={
            <Button color="inherit" size="small">
              {fa.kiosk.idle.stay}
            </Button>
          }
        >
          {fa.kiosk.idle.warning(faDigits(idle.secondsLeft ?? 0))}
        </Alert>
      </Snackbar>
    </Shell>
  );
}
