import { lazy, Suspense } from 'react';
import { detectSurface } from './api/client';
import { StaffApp } from './app/StaffApp';

const KioskApp = lazy(() => import('./screens/kiosk/KioskApp'));

/** Staff desk or citizen kiosk: the kiosk is its own route/window and its own session kind. */
export function App() {
  if (detectSurface() === 'kiosk') {
    return (
      <Suspense fallback={null}>
        <KioskApp />
      </Suspense>
    );
  }
  return <StaffApp />;
}
