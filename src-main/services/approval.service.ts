import { AppError } from '../../shared/errors';
import type { StaffRecord } from '../db/staff.repo';
import { loginStaff } from './staff.service';

export interface Approval {
  username: string;
  password: string;
}

/** A supervisor approves at the clerk's counter with their own password (counted like a login). */
export async function verifySupervisorApproval(env: Parameters<typeof loginStaff>[0], approval: Approval): Promise<StaffRecord> {
  let staff: StaffRecord;
  try {
    staff = await loginStaff(env, approval.username, approval.password);
  } catch (e) {
    if (e instanceof AppError && e.code === 'ACCOUNT_LOCKED') throw e;
    throw new AppError('SUPERVISOR_APPROVAL_REQUIRED');
  }
  if (staff.role !== 'supervisor') throw new AppError('SUPERVISOR_APPROVAL_REQUIRED');
  return staff;
}
