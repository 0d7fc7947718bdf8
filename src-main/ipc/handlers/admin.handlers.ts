import { chainHead, pageAudit, verifyAudit } from '../../services/audit.service';
import { getForeignIdentifier, issueForeignIdentifier, listForeignIdentifiers, revokeForeignIdentifier } from '../../services/identifiers.service';
import { cancelMessage, outboxPage, retryMessage } from '../../services/outbox.service';
import { importBranchesCsv, insuranceGroups, setGroupRegistration } from '../../services/reference.service';
import { getSettings, updateSettings } from '../../services/settings.service';
import { audit, inTx } from '../../services/env';
import { dailyReport, todayCounts } from '../../services/reports.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type AdminChannels =
  | 'settings:get'
  | 'settings:update'
  | 'settings:terms'
  | 'reference:groups'
  | 'reference:set-group-open'
  | 'reference:import-branches'
  | 'identifiers:issue'
  | 'identifiers:revoke'
  | 'identifiers:get'
  | 'identifiers:list'
  | 'outbox:list'
  | 'outbox:retry'
  | 'outbox:cancel'
  | 'audit:list'
  | 'audit:verify'
  | 'reports:today'
  | 'reports:daily';

export function adminHandlers(d: HandlerDeps, onSettingsChanged: () => Promise<void>): { [C in AdminChannels]: Handler<C> } {
  return {
    'settings:get': () => getSettings(d.env.db),
    'settings:update': async (input, ctx) => {
      const s = await inTx(d.env, async (tx) => {
        const next = await updateSettings(tx, input, ctx.now);
        await audit(tx, d.env, staffOf(ctx), { action: 'settings.updated', details: { keys: Object.keys(input).sort().join(',') } });
        return next;
      });
      await onSettingsChanged();
      return s;
    },
    'settings:terms': async () => {
      const s = await getSettings(d.env.db);
      return { version: s.termsVersion, text: s.termsText };
    },
    'reference:groups': () => insuranceGroups(d.env.db),
    'reference:set-group-open': (input, ctx) => setGroupRegistration(d.env, staffOf(ctx), input.groupId, input.open),
    'reference:import-branches': (input, ctx) => importBranchesCsv(d.env, staffOf(ctx), input.csv),
    'identifiers:issue': (input, ctx) => issueForeignIdentifier(d.env, staffOf(ctx), input),
    'identifiers:revoke': (input, ctx) => revokeForeignIdentifier(d.env, staffOf(ctx), input.identifier, input.reason),
    'identifiers:get': (input, ctx) => getForeignIdentifier(d.env, staffOf(ctx), input.identifier),
    'identifiers:list': (input) => listForeignIdentifiers(d.env, input.query, input.page),
    'outbox:list': (input) => outboxPage(d.env, input.state, input.page),
    'outbox:retry': (input, ctx) => retryMessage(d.env, staffOf(ctx), input.messageId),
    'outbox:cancel': (input, ctx) => cancelMessage(d.env, staffOf(ctx), input.messageId),
    'audit:list': async (input) => {
      // Searches answered so far are on the screen too (their entries may still be waiting).
      await d.env.lookupAudits?.flush();
      const { rows, total } = await pageAudit(d.env.db, input, input.page, input.pageSize);
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorType: r.actor_type,
          actorName: r.actor_name,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          details: r.details,
        })),
      };
    },
    'reports:today': () => todayCounts(d.env),
    'reports:daily': (input) => dailyReport(d.env, input.day),
    'audit:verify': async () => {
      await d.env.lookupAudits?.flush();
      const r = await verifyAudit(d.env.db, d.env.keys.key('audit'), d.env.anchors?.read());
      const anchoredId = r.anchoredId ?? null;
      if (r.ok) return { ok: true, entries: r.entries, head: r.head, firstBrokenId: null, reason: null, missingFrom: null, missingTo: null, anchoredId };
      const head = await chainHead(d.env.db);
      const missing = { missingFrom: r.missing?.from ?? null, missingTo: r.missing?.to ?? null };
      return { ok: false, entries: r.entries, head: head.lastHash, firstBrokenId: r.firstBrokenId, reason: r.reason, ...missing, anchoredId };
    },
  };
}
