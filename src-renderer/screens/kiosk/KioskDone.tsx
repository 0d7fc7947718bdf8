import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Alert, Button, List, ListItem, ListItemIcon, ListItemText, Stack, Typography } from '@mui/material';
import type { Output } from '../../../shared/contract';
import { fa, SUCCESS_MESSAGES_FA } from '../../i18n/fa';
import { KioskPanel } from './KioskPanel';

const t = fa.kiosk.done;

/** LOG-5: the general accesses granted once the password was changed; then the person leaves. */
export function KioskDone({ me, justChanged, onLogout }: { me: Output<'portal:me'> & object; justChanged: boolean; onLogout: () => void }) {
  return (
    <KioskPanel title={t.title} testId="kiosk-done">
      <Alert severity="success" sx={{ mb: 2 }} data-testid="kiosk-done-message">
        {justChanged ? SUCCESS_MESSAGES_FA.PASSWORD_CHANGED : t.loggedIn}
      </Alert>
      {me.permissions.length > 0 ? (
        <>
          <Typography>{t.permissionsIntro}</Typography>
          <List data-testid="kiosk-permissions">
            {me.permissions.map((p) => (
              <ListItem key={p} data-testid={`permission-${p}`}>
                <ListItemIcon>
                  <CheckCircleIcon color="success" />
                </ListItemIcon>
                <ListItemText primary={t.permissions[p] ?? p} />
              </ListItem>
            ))}
          </List>
        </>
      ) : (
        <Typography sx={{ mb: 2 }}>{t.noPermissions}</Typography>
      )}
      <Stack spacing={2}>
        <Alert severity="info">{t.logoutHint}</Alert>
        <Button variant="contained" size="large" autoFocus onClick={onLogout} data-testid="kiosk-logout">
          {t.logout}
        </Button>
      </Stack>
    </KioskPanel>
  );
}
