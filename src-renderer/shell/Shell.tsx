import MenuIcon from '@mui/icons-material/Menu';
import { Alert, AppBar, Box, Button, Drawer, IconButton, List, ListItem, ListItemButton, ListItemText, Toolbar, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import type { AppStatus, KioskStatus } from '../../shared/contract/app.contract';
import type { ErrorBody } from '../../shared/envelope';
import { fa } from '../i18n/fa';
import { StatusBar } from './StatusBar';

const DRAWER_WIDTH = 240;

export interface NavItem {
  path: string;
  label: string;
}

/** App bar, navigation drawer (on the right, as RTL puts it), the page, and the status bar. */
export function Shell({
  children,
  status,
  error,
  nav = [],
  current,
  user,
  onNavigate,
  onLogout,
  title = fa.appTitle,
  statusBar = true,
}: {
  children: ReactNode;
  /** The kiosk's is KioskStatus (no status bar there). */
  status: AppStatus | KioskStatus | null;
  error: ErrorBody | null;
  nav?: NavItem[];
  current?: string;
  user?: string | undefined;
  onNavigate?: (path: string) => void;
  onLogout?: () => void;
  title?: string;
  /** The staff status bar (version, database, gateway, queue); the kiosk shows none of it. */
  statusBar?: boolean;
}) {
  const [open, setOpen] = useState(true);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: '100vh' }}>
      <AppBar position="static" color="primary" className="no-print">
        <Toolbar>
          {nav.length > 0 && (
            <IconButton color="inherit" edge="start" aria-label={fa.nav.menu} onClick={() => setOpen((o) => !o)}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1, mx: 1 }}>
            {title}
          </Typography>
          {user && (
            <Typography sx={{ mx: 2 }} data-testid="current-user">
              {/* bdi: a masked code such as ۰۰****۳۷۸۰ must not be reordered by the RTL text around it */}
              <bdi>{user}</bdi>
            </Typography>
          )}
          {onLogout && (
            <Button color="inherit" onClick={onLogout} data-testid="logout">
              {fa.logout}
            </Button>
          )}
        </Toolbar>
      </AppBar>
      {status?.trainingMode && (
        <Alert severity="warning" data-testid="training-banner" sx={{ borderRadius: 0 }} className="no-print">
          {fa.status.training}
        </Alert>
      )}
      {error && (
        <Alert severity="error" data-testid="session-error" sx={{ borderRadius: 0 }}>
          {error.code === 'UNAUTHENTICATED' ? fa.session.expired : error.message}
        </Alert>
      )}
      <Box sx={{ display: 'flex', flex: 1 }}>
        {nav.length > 0 && (
          <Drawer
            variant="persistent"
            anchor="left"
            open={open}
            className="no-print"
            sx={{ width: open ? DRAWER_WIDTH : 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, position: 'relative' } }}
          >
            <nav aria-label={fa.nav.menu}>
              <List>
                {nav.map((n) => (
                  <ListItem key={n.path} disablePadding>
                    <ListItemButton
                      selected={current === n.path}
                      aria-current={current === n.path ? 'page' : undefined}
                      onClick={() => onNavigate?.(n.path)}
                      data-testid={`nav-${n.path}`}
                    >
                      <ListItemText primary={n.label} />
                    </ListItemButton>
                  </ListItem>
                ))}
              </List>
            </nav>
          </Drawer>
        )}
        <Box component="main" sx={{ flex: 1, p: 3, minWidth: 0 }}>
          {children}
        </Box>
      </Box>
      {statusBar && <StatusBar status={status && 'sms' in status ? status : null} unavailable={!status && error !== null} />}
    </Box>
  );
}
