/**
 * Every rule that depends on time reads this clock. Tests (and training mode) may start the
 * process with a fixed offset; nothing that arrives over IPC or the bridge can change it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock shifted by a fixed number of milliseconds from the system time. */
export function offsetClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** A clock that tests move by hand (services' tests only; never reachable from a transport). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-11-25T08:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
}
