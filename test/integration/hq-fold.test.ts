import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/journal';
import { useHqCluster } from '../helpers/hq';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { pgSkipReason } from '../helpers/pg';

/**
 * Issue 8 item 4: the central tables hold every account and identifier with its branch and station
 * of origin and its newest state. Each accepted batch is folded per record (several entries of one
 * record in one batch, and across batches) into hq_accounts and hq_identifiers; this pins every
 * column the fold writes.
 */

const skip = pgSkipReason();

describe.skipIf(skip !== null)('hq fold into accounts and identifiers (PostgreSQL)', () => {
  const { hqWith } = useHqCluster();

  it('keeps the newest state, the first sighting, who created each record and every station that issued an identifier', async () => {
    const a = new TestStation('1234', 7);
    const b = new TestStation('1234', 8);
    const hq = await hqWith(a, b);
    const usb = hq.folder();
    const x = nationalCode(900);
    const y = nationalCode(901);
    const state = (status: 'active' | 'disabled', id: string, extra: Record<string, unknown> = {}) => ({
      status,
      username: id,
      kind: 'citizen' as const,
      branchCode: '1234',
      ...extra,
    });
    // Batch 1: X registered then disabled; identifier I issued twice by station 7.
    const [reg] = a.registrations([x], { at: '2026-12-01T08:00:00.000Z', actor: 'ali' });
    const disabled = a.change({ kind: 'account.disabled', record: { type: 'account', id: x }, state: state('disabled', x), at: '2026-12-01T08:10:00.000Z', actor: 'sup' });
    const issued = a.issueIdentifier(3, '2026-12-01T09:00:00.000Z');
    const id = issued.record.id;
    const registered = { ...reg!, state: state('active', x, { registeredAt: '2026-12-01T07:59:00.000Z', passwordState: 'initial' }) } as JournalEntry;
    a.writeBatch(usb, [registered, disabled, issued, a.issueIdentifier(3, '2026-12-01T09:10:00.000Z')]);
    // Batch 2: X's contact changed (newest), Y disabled without ever being registered here, I used.
    const changed = state('active', x, { mobileMasked: '0912***4567' });
    a.writeBatch(usb, [
      a.change({ kind: 'account.contact-changed', record: { type: 'account', id: x }, state: changed, at: '2026-12-01T10:00:00.000Z', actor: 'ali' }),
      a.change({ kind: 'account.disabled', record: { type: 'account', id: y }, state: state('disabled', y), at: '2026-12-01T10:05:00.000Z', actor: 'sup' }),
      a.change({
        kind: 'identifier.used',
        record: { type: 'identifier', id },
        state: { identifier: id, status: 'used', branchCode: '1234', station: 7, sequence: 3, usedBy: x },
        at: '2026-12-01T10:10:00.000Z',
        actor: 'ali',
      }),
    ]);
    // Station 8 of the same branch issues the same number (the alarm case): one row, two issuers.
    b.writeBatch(usb, [b.change({ ...issued, actor: 'sup8', at: '2026-12-01T11:00:00.000Z' })]);
    const r = await hq.ingest(usb);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('3 batches: 3 accepted (8 entries)');

    const accounts = await hq.client.query('SELECT * FROM hq_accounts ORDER BY username');
    expect(accounts.rows).toEqual([
      {
        username: x,
        branch: '1234',
        origin_station: 7,
        created_kind: 'account.registered',
        first_seen_kind: 'account.registered',
        first_seen_at: '2026-12-01T08:00:00.000Z',
        first_seen_station: 7,
        registered_at: '2026-12-01T07:59:00.000Z',
        registered_by: 'ali',
        status: 'active',
        state: changed,
        last_at: '2026-12-01T10:00:00.000Z',
        last_station: 7,
        last_seq: '5',
      },
      {
        username: y,
        branch: '1234',
        origin_station: 7,
        created_kind: null,
        first_seen_kind: 'account.disabled',
        first_seen_at: '2026-12-01T10:05:00.000Z',
        first_seen_station: 7,
        registered_at: null,
        registered_by: null,
        status: 'disabled',
        state: state('disabled', y),
        last_at: '2026-12-01T10:05:00.000Z',
        last_station: 7,
        last_seq: '6',
      },
    ]);
    const identifiers = await hq.client.query('SELECT * FROM hq_identifiers');
    expect(identifiers.rows).toEqual([
      {
        identifier: id,
        branch: '1234',
        origin_station: 7,
        created_kind: 'identifier.issued',
        first_seen_kind: 'identifier.issued',
        first_seen_at: '2026-12-01T09:00:00.000Z',
        first_seen_station: 7,
        issued_at: '2026-12-01T09:10:00.000Z',
        issued_by: 'supervisor7',
        issuers: [7, 8],
        issue_count: 3,
        // Station 8's issue is stamped later than the use at station 7: newer wins.
        status: 'issued',
        state: issued.state,
        last_at: '2026-12-01T11:00:00.000Z',
        last_station: 8,
        last_seq: '1',
      },
    ]);
  });
});
