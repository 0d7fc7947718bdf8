import createCache from '@emotion/cache';
import { createTheme } from '@mui/material/styles';
import { prefixer } from 'stylis';
import rtlPlugin from 'stylis-plugin-rtl';

/** Emotion cache that flips every style for right-to-left. */
export const rtlCache = createCache({ key: 'muirtl', stylisPlugins: [prefixer, rtlPlugin] });

/** The keyboard focus ring: amber, visible on the blue app bar, on white and on grey. */
const FOCUS_RING = '#f9a825';

export const theme = createTheme({
  direction: 'rtl',
  typography: { fontFamily: 'Vazirmatn, Tahoma, sans-serif' },
  // Warning and info darker than MUI's defaults: white text on them (chips, filled alerts) and
  // their text on white (outlined buttons) must reach WCAG AA's 4.5:1 (MUI's #ed6c02 gives 3.1:1).
  palette: {
    primary: { main: '#0b5394' },
    secondary: { main: '#6a1b9a' },
    warning: { main: '#b45309', contrastText: '#ffffff' },
    info: { main: '#0277bd', contrastText: '#ffffff' },
  },
  components: {
    MuiButtonBase: { defaultProps: { disableRipple: false } },
    MuiButton: { styleOverrides: { root: { '&.Mui-focusVisible': { outline: `3px solid ${FOCUS_RING}` } } } },
    // Every control reached by keyboard shows the same ring: icon buttons, check boxes, switches,
    // menu items, list buttons (MUI marks them .Mui-focusVisible), links and anything else focusable.
    MuiCssBaseline: {
      styleOverrides: {
        '.MuiButtonBase-root.Mui-focusVisible': { outline: `3px solid ${FOCUS_RING}`, outlineOffset: '-3px' },
        'a:focus-visible, [tabindex="0"]:not(input):focus-visible': { outline: `3px solid ${FOCUS_RING}`, outlineOffset: '2px' },
      },
    },
  },
});
