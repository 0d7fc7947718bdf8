import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { fa } from '../../i18n/fa';

const t = fa.staffAdmin.temporary;

export interface TemporaryPassword {
  title: string;
  displayName: string;
  username: string;
  password: string;
}

/**
 * The temporary password, shown to the supervisor once to hand over; it is not kept anywhere in
 * the renderer after the dialog closes. Only the button closes it, so a stray Escape cannot lose it.
 */
export function TemporaryPasswordDialog({ value, onClose }: { value: TemporaryPassword | null; onClose: () => void }) {
  return (
    <Dialog open={value !== null} fullWidth maxWidth="sm" data-testid="temporary-password-dialog" aria-labelledby="temporary-password-title">
      <DialogTitle id="temporary-password-title">{value?.title}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 1 }}>{value && t.intro(value.displayName, value.username)}</Typography>
        <Typography
          variant="h4"
          dir="ltr"
          data-testid="temporary-password"
          sx={{ fontFamily: 'monospace', textAlign: 'center', letterSpacing: 2, bgcolor: 'grey.100', borderRadius: 1, py: 2, my: 2, userSelect: 'all' }}
        >
          {value?.password}
        </Typography>
        <Alert severity="warning" sx={{ mb: 1 }}>
          {t.once}
        </Alert>
        <Alert severity="info">{t.mustChange}</Alert>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" autoFocus onClick={onClose} data-testid="temporary-password-done">
          {t.done}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
