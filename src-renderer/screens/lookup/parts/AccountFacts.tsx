import { Box, Chip, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { fa } from '../../../i18n/fa';
import { fa as digits, duration, jalaliDate, jalaliDateTime } from '../../../lib/format';
import { AccountStatusChip } from './chips';
import type { AccountDetail } from './types';

const t = fa.lookup.account;

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box data-testid={testId}>{children}</Box>
    </Box>
  );
}

/** What the account is: identity, contact channels, registration, password and lockout state. */
export function AccountFacts({ a }: { a: AccountDetail }) {
  const password = a.mustChangePassword ? t.mustChange : t.passwordOk;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(4, 1fr)' }, gap: 2 }}>
      <Fact label={t.username} testId="fact-username">
        <span dir="ltr">{digits(a.username)}</span>
      </Fact>
      <Fact label={t.kind} testId="fact-kind">
        {fa.lookup.kind[a.kind]}
      </Fact>
      <Fact label={t.status} testId="fact-status">
        <AccountStatusChip status={a.status} testId="fact-status-chip" />
      </Fact>
      <Fact label={t.fullName} testId="fact-name">
        {a.fullName ?? fa.none}
      </Fact>
      <Fact label={t.insuranceNumber} testId="fact-insurance">
        {digits(a.insuranceNumber)}
      </Fact>
      <Fact label={t.insuranceGroup} testId="fact-group">
        {a.insuranceGroup}
      </Fact>
      <Fact label={t.branch} testId="fact-branch">
        {a.branchName} ({digits(a.branchCode)})
      </Fact>
      <Fact label={t.mobile} testId="fact-mobile">
        {a.mobileMasked ? <span dir="ltr">{digits(a.mobileMasked)}</span> : t.noMobile}
      </Fact>
      <Fact label={t.email} testId="fact-email">
        {a.email ? <span dir="ltr">{a.email}</span> : t.noEmail}
      </Fact>
      <Fact label={t.registeredBy} testId="fact-registered-by">
        {a.registeredBy}
      </Fact>
      <Fact label={t.registeredAt} testId="fact-registered-at">
        {jalaliDateTime(a.registeredAt)}
      </Fact>
      <Fact label={t.termsVersion} testId="fact-terms">
        {digits(a.termsVersion)}
      </Fact>
      <Fact label={t.password} testId="fact-password">
        {password}
        {a.passwordRevoked && ` — ${t.passwordRevoked}`}
      </Fact>
      {a.initialPasswordExpiresAt && a.mustChangePassword && (
        <Fact label={t.initialExpires} testId="fact-initial-expires">
          {jalaliDate(a.initialPasswordExpiresAt)}
        </Fact>
      )}
      <Fact label={t.lockout} testId="fact-lockout">
        {a.lockedForSeconds > 0 ? t.lockedFor(duration(a.lockedForSeconds)) : t.notLocked}
      </Fact>
      {a.mobileChangedAt && (
        <Fact label={t.mobileChangedAt} testId="fact-mobile-changed">
          {jalaliDateTime(a.mobileChangedAt)}
        </Fact>
      )}
      <Box sx={{ gridColumn: '1 / -1' }}>
        <Fact label={t.permissions} testId="fact-permissions">
          {a.permissions.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {t.noPermissions}
            </Typography>
          ) : (
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
              {a.permissions.map((p) => (
                <Chip key={p} size="small" label={t.permissionNames[p] ?? p} data-permission={p} />
              ))}
            </Stack>
          )}
        </Fact>
      </Box>
    </Box>
  );
}
