import { AppError } from '../../../shared/errors';
import { findBranches } from '../../services/reference.service';
import { wrapBranchKeys } from '../../services/branch-keys.service';
import { isSetupDone, runSetup } from '../../services/setup.service';
import { thisStation } from '../../services/station-identity.service';
import { joinStation, setupState } from '../../services/stations.service';
import {
  activeStaff,
  changeOwnStaffPassword,
  confirmStaffPassword,
  createStaff,
  loginStaff,
  resetStaffPassword,
  setStaffDisabled,
  staffList,
  unlockStaff,
} from '../../services/staff.service';

type StaffRecord = NonNullable<Awaited<ReturnType<typeof activeStaff>>>;
import type { Handler, HandlerContext } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type StaffChannels =
  | 'setup:state'
  | 'setup:run'
  | 'setup:join'
  | 'staff:login'
  | 'staff:logout'
  | 'staff:me'
  | 'staff:unlock-session'
  | 'staff:change-password'
  | 'staff:list'
  | 'staff:create'
  | 'staff:set-disabled'
  | 'staff:reset-password'
  | 'staff:unlock'
  | 'reference:branches';

function meOf(s: StaffRecord, ctx: HandlerContext) {
  return { id: s.id, username: s.username, displayName: s.displayName, role: s.role, mustChangePassword: s.mustChangePassword, locked: ctx.session.locked };
}

function signIn(d: HandlerDeps, ctx: HandlerContext, s: StaffRecord): void {
  // The record was just read: its session version is the newest, for this process's directory too.
  d.staffDirectory.note({ id: s.id, role: s.role, mustChangePassword: s.mustChangePassword, disabled: s.disabledAt !== null, sessionVersion: s.sessionVersion });
  ctx.session.staff = { staffId: s.id, username: s.username, role: s.role, mustChangePassword: s.mustChangePassword, sessionVersion: s.sessionVersion };
  ctx.session.locked = false;
  ctx.session.lastActivity = ctx.now.getTime();
}

/** `onStationReady` runs once this machine has its station (after setup or a join): the outbox starts. */
export function staffHandlers(d: HandlerDeps, onStationReady: (keysChanged: boolean) => Promise<void>): { [C in StaffChannels]: Handler<C> } {
  return {
    'setup:state': () => setupState(d.env),
    'setup:run': async (input) => {
      const r = await runSetup(d.env, input);
      await onStationReady(false);
      return r;
    },
    'setup:join': async (input) => {
      const r = await joinStation(d.env, input);
      await onStationReady(true);
      return r;
    },
    'reference:branches': (input) => findBranches(d.env.db, input.query),
    'staff:login': async (input, ctx) => {
      if (!(await isSetupDone(d.env.db))) throw new AppError('SETUP_REQUIRED');
      // Nobody works at a counter without its own station: it would sign with keys it may not hold.
      if (!(await thisStation(d.env))) throw new AppError('STATION_REQUIRED');
      const s = await loginStaff(d.env, input.username, input.password);
      // A supervisor's login keeps their wrap of the branch keys current, so they can add counters.
      await wrapBranchKeys(d.env, s, input.password);
      signIn(d, ctx, s);
      return meOf(s, ctx);
    },
    'staff:logout': (_input, ctx) => {
      ctx.session.staff = undefined;
      ctx.session.locked = false;
      return { done: true as const };
    },
    'staff:me': async (_input, ctx) => {
      if (!ctx.session.staff) return null;
      const s = await activeStaff(d.env, ctx.session.staff.staffId);
      if (!s) {
        ctx.session.staff = undefined;
        return null;
      }
      return meOf(s, ctx);
    },
    'staff:unlock-session': async (input, ctx) => {
      const s = await confirmStaffPassword(d.env, staffOf(ctx).id!, input.password);
      signIn(d, ctx, s);
      return meOf(s, ctx);
    },
    'staff:change-password': async (input, ctx) => {
      if (ctx.session.locked) throw new AppError('SESSION_LOCKED');
      const id = staffOf(ctx).id!;
      const s = await changeOwnStaffPassword(d.env, id, input.current, input.next, input.repeat);
      await wrapBranchKeys(d.env, s, input.next);
      signIn(d, ctx, s);
      return meOf(s, ctx);
    },
    'staff:list': () => staffList(d.env),
    'staff:create': (input, ctx) => createStaff(d.env, staffOf(ctx), input),
    'staff:set-disabled': async (input, ctx) => {
      const r = await setStaffDisabled(d.env, staffOf(ctx), input.staffId, input.disabled);
      // The version moved on: every session of that person ends at its next call.
      await d.staffDirectory.refresh();
      return r;
    },
    'staff:reset-password': async (input, ctx) => {
      const r = await resetStaffPassword(d.env, staffOf(ctx), input.staffId, input.temporaryPassword);
      await d.staffDirectory.refresh();
      return r;
    },
    'staff:unlock': (input, ctx) => unlockStaff(d.env, staffOf(ctx), input.staffId),
  };
}
