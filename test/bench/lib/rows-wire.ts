import http from 'node:http';
import path from 'node:path';
import smpp, { type Session } from 'smpp';
import type { SmppSettings } from '../../../shared/contract/settings.contract';
import { startBridge } from '../../../src-main/ipc/http-bridge';
import { AcceptedLog } from '../../../src-main/core/accepted-log';
import { inTx } from '../../../src-main/services/env';
import { OutboxDispatcher } from '../../../src-main/services/outbox-dispatcher.service';
import { queueSms, resetSmsTemplate, SECRET_SLOT } from '../../../src-main/services/outbox.service';
import { hashPassword, randomDigits } from '../../../src-main/services/passwords';
import { smppAdapter } from '../../../src-main/sms/smpp-adapter';
import { concatUdh, referenceNumber, splitUcs2, toUcs2 } from '../../../src-main/sms/ucs2';
import { CLERK_PASSWORD, nationalCode, type TestApp } from '../../helpers/app';
import { login, post } from '../../helpers/bridge-http';
import { registrationInput } from '../../helpers/desk-flow';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../../helpers/smpp-peer';
import { accountNo } from './accounts-sql';
import { figure, mean, timed, type Figure } from './results';

/**
 * Issue 11 rows 2, 4 and 5, on the upgraded database:
 * - outbox → SMPP: reset-shaped messages (78 characters: two UCS-2 parts, the password sealed in
 *   the row) sent by the app's dispatcher (window 10, with its accepted log) through its SMPP
 *   adapter (10 submit_sm outstanding on the link), in messages/s,
 *   against the raw `smpp` client keeping 10 submit_sm outstanding with the same parts to the
 *   same SMSC (a test SMSC built with the smpp package's server, in this process);
 * - a registration and a counter reset through the loopback HTTP bridge as the desk calls them,
 *   each against one argon2id hash measured in the same round.
 */

type Engine = 'sqlite' | 'postgresql';
const CREDS = { systemId: 'desk01', password: 'bench' };

export interface WireSizes {
  rounds: number;
  /** Messages per round (outbox and raw client each). */
  messages: number;
  /** Registrations, resets and hashes per round. */
  calls: number;
}

/** The raw client: bind, then keep `window` submit_sm outstanding until every part is answered. */
async function rawClient(peer: SmppPeer, texts: string[], window: number): Promise<number> {
  const session: Session = smpp.connect({ url: `smpp://127.0.0.1:${peer.port}` });
  session.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    session.on('connect', () => {
      session.socket.setNoDelay(true);
      session.bind_transmitter({ system_id: CREDS.systemId, password: CREDS.password }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error('raw bind refused'))));
    }),
  );
  const pdus = texts.flatMap((text, m) => {
    const parts = splitUcs2(text);
    const ref = referenceNumber(`raw-${m}`, 8);
    return parts.map((p, i) => ({
      source_addr: '1000',
      destination_addr: `98912${String(m).padStart(7, '0')}`,
      dest_addr_ton: 1,
      esm_class: parts.length > 1 ? 0x40 : 0,
      data_coding: 8,
      short_message: parts.length > 1 ? Buffer.concat([concatUdh(ref, parts.length, i + 1), toUcs2(p)]) : toUcs2(p),
    }));
  });
  const ms = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        let next = 0;
        let answered = 0;
        let outstanding = 0;
        const pump = () => {
          while (outstanding < window && next < pdus.length) {
            outstanding++;
            session.submit_sm(pdus[next++]!, (pdu) => {
              outstanding--;
              if (pdu.command_status !== 0) reject(new Error(`raw submit refused ${pdu.command_status}`));
              if (++answered === pdus.length) resolve();
              else pump();
            });
          }
        };
        pump();
      }),
  );
  session.destroy();
  return (texts.length * 1000) / ms;
}

/**
 * This process's CPU time (every thread: SQLite's work included, PostgreSQL's server not) per
 * message since `from`; the SMSC runs in this process, so both sides include its share.
 */
function cpuMsEach(from: NodeJS.CpuUsage, messages: number): string {
  const used = process.cpuUsage(from);
  return ((used.user + used.system) / 1000 / messages).toFixed(3);
}

async function queueResetShaped(app: TestApp, firstId: number, accounts: number[]): Promise<string[]> {
  const env = app.ctx.env;
  const texts: string[] = [];
  await inTx(env, async (tx) => {
    for (const i of accounts) {
      const template = resetSmsTemplate(randomDigits(8));
      const secret = randomDigits(8);
      texts.push(template.replace(SECRET_SLOT, () => secret));
      await queueSms(tx, env, { purpose: 'reset', to: accountNo(i).mobile!, template, secret, accountId: firstId + i, expiresAt: new Date(app.clock.now().getTime() + 3600_000) });
    }
  });
  return texts;
}

async function outboxRounds(app: TestApp, engine: Engine, accounts: number, firstId: number, size: WireSizes, log: (s: string) => void): Promise<Figure> {
  const peer = await startSmppPeer(CREDS);
  const raw: number[] = [];
  const app_: number[] = [];
  try {
    // Round 0 warms both sides up (their code compiled, the connections' caches filled) and is not
    // counted, as the bridge rows' first calls: in every run it was the slowest round of both.
    for (let round = 0; round <= size.rounds; round++) {
      const counted = round > 0;
      // People whose account number ends in 0: each has a mobile, none twice in a round.
      const people = Array.from({ length: size.messages }, (_, k) => ((round * size.messages + k) * 10) % accounts);
      const texts = await queueResetShaped(app, firstId, people);
      const rawCpu = process.cpuUsage();
      const rawRate = await rawClient(peer, texts, 10);
      const rawCpuMs = cpuMsEach(rawCpu, size.messages);
      const adapter = smppAdapter(smppSettingsFor(peer) as SmppSettings, CREDS.password);
      await new Promise<void>((resolve) => adapter.onLinkState?.((up) => up && resolve()));
      // As the app runs it: acceptances written to the accepted log, the link's window 10 submit_sm.
      const acceptedLog = new AcceptedLog(path.join(app.dataDir, `bench-accepted-${round}.log`));
      const dispatcher = new OutboxDispatcher(app.ctx.env, adapter, { window: 10, acceptedLog });
      let sent = 0;
      const appCpu = process.cpuUsage();
      const ms = await timed(async () => (sent = (await dispatcher.runOnce()).sent));
      const appCpuMs = cpuMsEach(appCpu, size.messages);
      await dispatcher.stop();
      acceptedLog.close();
      if (sent !== size.messages) throw new Error(`the dispatcher sent ${sent} of ${size.messages}`);
      const appRate = (sent * 1000) / ms;
      peer.parts.length = 0;
      log(`  ${counted ? `round ${round}` : 'warm-up (not counted)'}: outbox ${appRate.toFixed(0)} msg/s (CPU ${appCpuMs} ms a message), raw client ${rawRate.toFixed(0)} msg/s (CPU ${rawCpuMs} ms)`);
      if (!counted) continue;
      raw.push(rawRate);
      app_.push(appRate);
    }
  } finally {
    await peer.stop();
  }
  return figure(
    { bench: 'desk', row: 'outbox → SMPP (dispatcher, window 10, 2-part messages)', engine, unit: 'msg/s', rounds: app_ },
    { what: 'raw smpp client, 10 submit_sm outstanding', unit: 'msg/s', rounds: raw },
    { text: '≥ 0.5× the raw client', on: 'ratio', at: 0.5, better: 'higher' },
  );
}

async function bridgeRounds(app: TestApp, engine: Engine, accounts: number, firstId: number, size: WireSizes, log: (s: string) => void): Promise<Figure[]> {
  const bridge = await startBridge({ router: app.ctx.router, sessions: app.ctx.sessions, clock: app.clock, staticRoot: null });
  const reg: number[] = [];
  const reset: number[] = [];
  const hash: number[] = [];
  // One connection kept open, as the desk's browser keeps it (not a TCP handshake per call).
  const browserLike = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const cookie = await login(bridge, 'staff');
    const ok = async (path: string, body: unknown) => {
      const r = await post(bridge.port, path, body, { Cookie: cookie }, browserLike);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body}`);
    };
    await ok('/api/staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
    const clerk = app.staffSession();
    await app.ok(clerk, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
    const branchId = Number((await app.ctx.db('stations').first<{ branch_id: number }>('branch_id'))!.branch_id);
    const base = await registrationInput({ app, clerk, branchId }, { nationalCode: nationalCode('900000000') });
    let seq = 0;
    const register = () => {
      const code = nationalCode(String(900_000_000 + ++seq));
      return ok('/api/accounts:register', { ...base, nationalCode: code, idDocument: { type: 'national_card', number: code }, insuranceNumber: String(3_000_000_000 + seq) });
    };
    let person = 0;
    const resetOne = () => {
      // People whose account number ends in 1 (the outbox used those ending in 0).
      const i = (person++ * 10 + 1) % accounts;
      return ok('/api/resets:at-counter', { accountId: firstId + i, idDocument: { type: 'national_card', number: accountNo(i).code } });
    };
    await register();
    await resetOne(); // warm-up
    for (let round = 0; round < size.rounds; round++) {
      // Interleaved call by call (hash, registration, reset, hash, …): a slower stretch of this
      // shared machine falls on the baseline and on both rows alike, not on one of them.
      const ms = { hash: [] as number[], reg: [] as number[], reset: [] as number[] };
      for (let k = 0; k < size.calls; k++) {
        ms.hash.push(await timed(() => hashPassword(`Bench-${round}-${Math.random()}`)));
        ms.reg.push(await timed(register));
        ms.reset.push(await timed(resetOne));
      }
      hash.push(mean(ms.hash));
      reg.push(mean(ms.reg));
      reset.push(mean(ms.reset));
      log(`  round ${round + 1}: registration ${reg.at(-1)!.toFixed(1)} ms, counter reset ${reset.at(-1)!.toFixed(1)} ms, one hash ${hash.at(-1)!.toFixed(1)} ms`);
    }
  } finally {
    browserLike.destroy();
    await bridge.close();
  }
  const one = { what: 'one argon2id hash', unit: 'ms', rounds: hash };
  const goal = { text: '≤ 1.3× one hash', on: 'ratio', at: 1.3, better: 'lower' } as const;
  return [
    figure({ bench: 'desk', row: 'registration through the bridge', engine, unit: 'ms', rounds: reg }, one, goal),
    figure({ bench: 'desk', row: 'counter reset through the bridge', engine, unit: 'ms', rounds: reset }, one, goal),
  ];
}

export async function wireRows(app: TestApp, engine: Engine, accounts: number, size: WireSizes, log: (s: string) => void, rows = { outbox: true, bridge: true }): Promise<Figure[]> {
  const firstId = Number((await app.ctx.db('accounts').min({ id: 'id' }).first<{ id: number }>())!.id);
  const outbox = rows.outbox ? [await outboxRounds(app, engine, accounts, firstId, size, log)] : [];
  return [...outbox, ...(rows.bridge ? await bridgeRounds(app, engine, accounts, firstId, size, log) : [])];
}
