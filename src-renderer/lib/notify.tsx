import { Alert, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

type Severity = 'success' | 'info' | 'warning' | 'error';
const Ctx = createContext<(message: string, severity?: Severity) => void>(() => undefined);

/** The status bar's height (the shell keeps it on the document), for the snackbar to float above it. */
export const STATUS_BAR_HEIGHT_VAR = '--desk-status-bar-height';
/** Above the status bar (issue 12 item 9: it covered the gateway and queue state), whatever its height. */
const ABOVE_STATUS_BAR = `calc(var(${STATUS_BAR_HEIGHT_VAR}, 0px) + 8px)`;

/** Confirmations appear in a snackbar (issue 4: "confirmations in a snackbar"). */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [msg, setMsg] = useState<{ text: string; severity: Severity; key: number } | null>(null);
  const notify = useCallback((text: string, severity: Severity = 'success') => setMsg({ text, severity, key: Date.now() }), []);
  return (
    <Ctx.Provider value={notify}>
      {children}
      <Snackbar
        key={msg?.key}
        open={msg !== null}
        autoHideDuration={6000}
        onClose={() => setMsg(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        sx={{ bottom: { xs: ABOVE_STATUS_BAR, sm: ABOVE_STATUS_BAR } }}
      >
        <Alert severity={msg?.severity ?? 'success'} variant="filled" data-testid="snackbar" onClose={() => setMsg(null)}>
          {msg?.text}
        </Alert>
      </Snackbar>
    </Ctx.Provider>
  );
}

export function useNotify() {
  return useContext(Ctx);
}
