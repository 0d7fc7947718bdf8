import { Box, CircularProgress, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useState } from 'react';
import { call } from '../api/client';
import { onSessionProblem, useCall } from '../api/hooks';
import { fa } from '../i18n/fa';
import { matchRoute, navigate, startRouteHistory, useRoute } from '../lib/route';
import ChangeOwnPasswordScreen from '../screens/auth/ChangeOwnPasswordScreen';
import LockScreen from '../screens/auth/LockScreen';
import LoginScreen from '../screens/auth/LoginScreen';
import SetupScreen from '../screens/auth/SetupScreen';
import { Shell } from '../shell/Shell';
import { useStatus } from '../shell/useStatus';
import { ROUTES } from './routes';
import { useIdleLock } from './use-idle-lock';

function Loading() {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
      <CircularProgress aria-label={fa.loading} />
    </Box>
  );
}

/** The staff desk: setup on first run, then login, forced password change, idle lock, screens. */
export function StaffApp() {
  const { status, error } = useStatus();
  const qc = useQueryClient();
  const me = useCall('staff:me', {}, { enabled: status?.setupDone === true });
  const path = useRoute();
  const [locked, setLocked] = useState(false);
  // Setup stays on screen until its one-time recovery code was acknowledged, even after main
  // reports setupDone (a status push must not take the code away).
  const [holdSetup, setHoldSetup] = useState(false);

  useEffect(
    () =>
      onSessionProblem((code) => {
        if (code === 'SESSION_LOCKED') setLocked(true);
        else void qc.invalidateQueries({ queryKey: ['staff:me'] });
      }),
    [qc],
  );
  useEffect(() => {
    if (me.data?.locked) setLocked(true);
  }, [me.data?.locked]);
  // Issue 12 item 1: at main's deadline, with no request needed.
  useIdleLock(!!me.data && !me.data.mustChangePassword, () => setLocked(true));

  const logout = async () => {
    await call('staff:logout', {});
    setLocked(false);
    // Nothing of the last person's work may stay in the cache for the next one.
    qc.setQueryData(['staff:me', {}], null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'staff:me' && q.queryKey[0] !== 'app:status' });
    // Nor in the history: Back must not reopen their pages (issue 12 item 7).
    startRouteHistory(false);
  };

  let body;
  if (!status) body = error ? null : <Loading />;
  else if (!status.setupDone || holdSetup)
    body = (
      <SetupScreen
        onCompleted={() => setHoldSetup(true)}
        onDone={() => {
          setHoldSetup(false);
          void qc.invalidateQueries();
        }}
      />
    );
  else if (me.isPending) body = <Loading />;
  else if (!me.data) body = <LoginScreen />;
  else if (me.data.mustChangePassword) body = <ChangeOwnPasswordScreen forced />;
  else {
    const supervisor = me.data.role === 'supervisor';
    const found = ROUTES.map((r) => ({ r, params: matchRoute(r.pattern, path) })).find((x) => x.params !== null);
    if (!found) body = <Typography>{fa.notFound}</Typography>;
    else if (found.r.supervisorOnly && !supervisor) body = <Typography data-testid="forbidden">{fa.forbidden}</Typography>;
    else {
      const Screen = found.r.component;
      body = (
        <Suspense fallback={<Loading />}>
          <Screen params={found.params!} />
        </Suspense>
      );
    }
  }

  const nav =
    me.data && !me.data.mustChangePassword
      ? ROUTES.filter((r) => r.nav && (!r.supervisorOnly || me.data?.role === 'supervisor')).map((r) => ({ path: r.pattern, label: fa.nav[r.nav!] }))
      : [];
  return (
    <Shell
      status={status}
      error={error}
      nav={nav}
      current={path}
      onNavigate={navigate}
      user={me.data ? `${me.data.displayName} (${fa.staffAdmin.roles[me.data.role]})` : undefined}
      onLogout={me.data ? () => void logout() : undefined}
    >
      {body}
      {me.data && <LockScreen open={locked} onUnlocked={() => setLocked(false)} onSwitchUser={() => void logout()} />}
    </Shell>
  );
}
