import MenuIcon from '@mui/icons-material/Menu';
import {
  Alert,
  AppBar,
  Box,
  Drawer,
  IconButton,
  List,
  ListItemButton,
  ListItemText,
  Toolbar,
  Typography,
} from '@mui/material';
import { useState, type ReactNode } from 'react';
import { fa } from '../i18n/fa';
import { StatusBar } from './StatusBar';
import { useStatus } from './useStatus';

const DRAWER_WIDTH = 240;

/** App bar, navigation drawer (on the right, as RTL puts it), the page, and the status bar. */
export function Shell({ children }: { children: ReactNode }) {
  const { status, error } = useStatus();
  const [open, setOpen] = useState(true);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: '100vh' }}>
      <AppBar position="static" color="primary">
        <Toolbar>
          <IconButton color="inherit" edge="start" aria-label={fa.nav.menu} onClick={() => setOpen((o) => !o)}>
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1, mx: 1 }}>
            {fa.appTitle}
          </Typography>
        </Toolbar>
      </AppBar>
      {status?.trainingMode && (
        <Alert severity="warning" data-testid="training-banner" sx={{ borderRadius: 0 }}>
          {fa.status.training}
        </Alert>
      )}
      {error && (
        <Alert severity="error" data-testid="session-error" sx={{ borderRadius: 0 }}>
          {error.code === 'UNAUTHENTICATED' ? fa.session.expired : error.message}
        </Alert>
      )}
      <Box sx={{ display: 'flex', flex: 1 }}>
        <Drawer
          variant="persistent"
          anchor="left"
          open={open}
          sx={{ width: open ? DRAWER_WIDTH : 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, position: 'relative' } }}
        >
          <nav aria-label={fa.nav.menu}>
            <List>
              <ListItemButton selected>
                <ListItemText primary={fa.nav.home} />
              </ListItemButton>
            </List>
          </nav>
        </Drawer>
        <Box component="main" sx={{ flex: 1, p: 3 }}>
          {children}
        </Box>
      </Box>
      <StatusBar status={status} />
    </Box>
  );
}
