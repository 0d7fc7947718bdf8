import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/500.css';
import '@fontsource/vazirmatn/700.css';
import './print.css';
import { CacheProvider } from '@emotion/react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { establishSession } from './api/client';
import { statusOrder } from './api/status-order';
import { App } from './App';
import { JalaliProvider } from './lib/jalali';
import { NotifyProvider } from './lib/notify';
import { rtlCache, theme } from './theme/rtl';

// zod would probe `new Function`, which the strict CSP forbids.
z.config({ jitless: true });

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
// The status bar's data comes from calls and pushes alike: the later-begun snapshot stays, and
// an unchanged one re-renders nothing.
queryClient.setQueryDefaults(['app:status'], { structuralSharing: statusOrder() });

void establishSession().finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <CacheProvider value={rtlCache}>
        <ThemeProvider theme={theme}>
          <JalaliProvider>
            <QueryClientProvider client={queryClient}>
              <NotifyProvider>
                <CssBaseline />
                <App />
              </NotifyProvider>
            </QueryClientProvider>
          </JalaliProvider>
        </ThemeProvider>
      </CacheProvider>
    </StrictMode>,
  );
});
