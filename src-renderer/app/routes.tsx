import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface RouteDef {
  pattern: string;
  /** The navigation label key in fa.nav; routes without one are reached from other screens. */
  nav?: 'home' | 'register' | 'lookup' | 'identifiers' | 'outbox' | 'audit' | 'report' | 'staff' | 'stations' | 'settings' | 'backups' | 'hq';
  supervisorOnly?: boolean;
  component: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
}

/** Every staff screen, loaded lazily so the first paint stays small. */
export const ROUTES: RouteDef[] = [
  { pattern: '/', nav: 'home', component: lazy(() => import('../screens/home/HomeScreen')) },
  { pattern: '/register', nav: 'register', component: lazy(() => import('../screens/register/RegisterScreen')) },
  { pattern: '/lookup', nav: 'lookup', component: lazy(() => import('../screens/lookup/LookupScreen')) },
  { pattern: '/accounts/:id', component: lazy(() => import('../screens/lookup/AccountScreen')) },
  { pattern: '/identifiers', nav: 'identifiers', supervisorOnly: true, component: lazy(() => import('../screens/identifiers/IdentifiersScreen')) },
  { pattern: '/outbox', nav: 'outbox', component: lazy(() => import('../screens/outbox/OutboxScreen')) },
  { pattern: '/audit', nav: 'audit', supervisorOnly: true, component: lazy(() => import('../screens/audit/AuditScreen')) },
  { pattern: '/report', nav: 'report', supervisorOnly: true, component: lazy(() => import('../screens/report/ReportScreen')) },
  { pattern: '/staff', nav: 'staff', supervisorOnly: true, component: lazy(() => import('../screens/staff/StaffScreen')) },
  { pattern: '/stations', nav: 'stations', supervisorOnly: true, component: lazy(() => import('../screens/stations/StationsScreen')) },
  { pattern: '/hq', nav: 'hq', supervisorOnly: true, component: lazy(() => import('../screens/hq/HqScreen')) },
  { pattern: '/settings', nav: 'settings', supervisorOnly: true, component: lazy(() => import('../screens/settings/SettingsScreen')) },
  { pattern: '/backups', nav: 'backups', supervisorOnly: true, component: lazy(() => import('../screens/backups/BackupsScreen')) },
  { pattern: '/me/password', component: lazy(() => import('../screens/auth/ChangeOwnPasswordScreen')) },
];
