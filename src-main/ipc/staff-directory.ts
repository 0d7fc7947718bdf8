/** What a staff session's check needs to know of its person. */
export interface StaffState {
  id: number;
  role: 'clerk' | 'supervisor';
  mustChangePassword: boolean;
  disabled: boolean;
  sessionVersion: number;
}

/**
 * Issue 11 item 4: the staff members' session versions, held in memory so that the check behind
 * every staff call is a comparison, not a query. Changes made in this process are noted at once;
 * `refresh` (run now and then by main, and when an unknown id turns up) picks up changes made by
 * another process on the same database.
 */
export class StaffDirectory {
  private states = new Map<number, StaffState>();

  constructor(private readonly load: () => Promise<StaffState[]>) {}

  async refresh(): Promise<void> {
    this.states = new Map((await this.load()).map((s) => [s.id, s]));
  }

  /** A fresh record read by this process (a login, a change it made). */
  note(s: StaffState): void {
    this.states.set(s.id, s);
  }

  /** The person's state, refreshing once when the id is not known yet. */
  async get(id: number): Promise<StaffState | undefined> {
    if (!this.states.has(id)) await this.refresh();
    return this.states.get(id);
  }
}
