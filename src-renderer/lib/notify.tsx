import { Alert, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

type Severity = 'success' | 'info' | 'warning' | 'error';
const Ctx = createContext<(message: string, severity?: Severity) => void>(() => undefined);

/** Confirmations appear in a snackbar (issue 4: "confirmations in a snackbar"). */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [msg, setMsg] = useState<{ text: string; severity: Severity; key: number } | null>(null);
  const notify = useCallback((text: string, severity: Severity = 'success') => setMsg({ text, severity, key: Date.now() }), []);
  return (
    <Ctx.Provider value={notify}>
      {children}
      <Snackbar key={msg?.key} open={msg !== null} autoHideDuration={6000} onClose={() => setMsg(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
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
