import createCache from '@emotion/cache';
import { createTheme } from '@mui/material/styles';
import { prefixer } from 'stylis';
import rtlPlugin from 'stylis-plugin-rtl';

/** Emotion cache that flips every style for right-to-left. */
export const rtlCache = createCache({ key: 'muirtl', stylisPlugins: [prefixer, rtlPlugin] });

export const theme = createTheme({
  direction: 'rtl',
  typography: { fontFamily: 'Vazirmatn, Tahoma, sans-serif' },
  palette: { primary: { main: '#0b5394' }, secondary: { main: '#6a1b9a' } },
  components: {
    MuiButtonBase: { defaultProps: { disableRipple: false } },
    MuiButton: { styleOverrides: { root: { '&.Mui-focusVisible': { outline: '3px solid #f9a825' } } } },
  },
});
