import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/500.css';
import '@fontsource/vazirmatn/700.css';
import { CacheProvider } from '@emotion/react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { establishSession } from './api/client';
import { App } from './App';
import { rtlCache, theme } from './theme/rtl';

// zod would probe `new Function`, which the strict CSP forbids.
z.config({ jitless: true });

void establishSession().finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <CacheProvider value={rtlCache}>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          <App />
        </ThemeProvider>
      </CacheProvider>
    </StrictMode>,
  );
});
