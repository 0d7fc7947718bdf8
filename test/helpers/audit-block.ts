import type { TestApp } from './app';

/**
 * Takes the id the next audit entry needs with a forged row (inserts are allowed; the chain
 * shows it as forged), so that the next `audit()` fails: for proving that a change or a read
 * and its entry are one transaction.
 */
export async function blockNextAuditEntry(app: TestApp): Promise<void> {
  const head = (await app.ctx.db('audit_head').first<{ last_id: number }>())!;
  await app.ctx.db('audit_log').insert({
    id: head.last_id + 1,
    at: app.clock.now().toISOString(),
    actor_type: 'system',
    actor_id: null,
    actor_name: 'forger',
    action: 'forged',
    subject_type: null,
    subject_id: null,
    details: '{}',
    prev_hash: '0'.repeat(64),
    hash: '0'.repeat(64),
  });
}
