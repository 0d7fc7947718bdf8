import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_REFUSALS_FA } from '../../shared/i18n/fa-journal';
import { ackFileName, parseAckText } from '../../shared/journal';
import type { HqClient } from '../db/connection';
import { type IngestOutcome, type Prepared, type StationKeys, applyBatch, batchIdsIn, prepareBatch } from '../ingest/ingest.service';
import { folderSource } from '../ingest/read-batch';
import { CommandStop, type Io } from './io';

/**
 * The acknowledgements' folder takes a file, checked before any batch is applied: a batch applied
 * whose acknowledgement cannot be written would leave the branch waiting for it.
 */
function checkAckFolder(dir: string): void {
  const probe = path.join(dir, `.ack-probe.${process.pid}.tmp`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new CommandStop(`cannot write acknowledgements to ${dir}: ${(e as Error).message}; nothing was applied`);
  }
}

/** Written whole or not at all: a branch never reads half an acknowledgement. */
function writeAck(dir: string, text: string): string {
  const parsed = parseAckText(text);
  if (!parsed.ok) throw new Error(`stored acknowledgement is not valid: ${parsed.problem}`);
  const name = ackFileName(parsed.value);
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path.join(dir, name));
  return name;
}

function describe(o: IngestOutcome, ackName: string | null): string {
  switch (o.status) {
    case 'accepted':
      return `accepted ${o.batchId}: ${o.count} entries -> ${ackName}\n`;
    case 'already':
      return `already  ${o.batchId}: ingested before, nothing changed -> ${ackName} (same acknowledgement)\n`;
    case 'refused': {
      const r = o.refusal;
      const expected = r.expected === undefined ? '' : ` (expected sequence ${r.expected})`;
      return `REFUSED  ${o.batchId}: ${r.code}${expected}: ${r.detail}\n         ${JOURNAL_REFUSALS_FA[r.code]}\n`;
    }
  }
}

/** INGEST DIR: every batch in the folder, station by station in sequence order; an
 * acknowledgement file for each batch accepted (or accepted before). Exit code 2 if any was refused. */
export async function ingestCommand(client: HqClient, dir: string, ackDir: string, io: Io, now: () => Date = () => new Date()): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new CommandStop(`cannot read ${dir}: ${(e as Error).message}`);
  }
  const ids = batchIdsIn(names);
  if (ids.length === 0) throw new CommandStop(`no batches in ${dir} (looked for <branch>-<station>-<first>-<last>.manifest.json)`);
  checkAckFolder(ackDir);
  const tally = { accepted: 0, already: 0, refused: 0, entries: 0 };
  const keys: StationKeys = new Map();
  // Pipelined: the next batch is read and checked while this one is applied.
  let next: Promise<Prepared> | null = prepareBatch(client, folderSource(dir, ids[0] as string), keys);
  for (let i = 0; i < ids.length; i++) {
    const prepared: Prepared = await (next as Promise<Prepared>);
    const applying = applyBatch(client, prepared, now);
    next = i + 1 < ids.length ? prepareBatch(client, folderSource(dir, ids[i + 1] as string), keys) : null;
    // Awaited on the next turn; if applying this one throws first, its failure must not go unhandled.
    next?.catch(() => undefined);
    const outcome = await applying;
    let ackName: string | null = null;
    try {
      if (outcome.status !== 'refused') ackName = writeAck(ackDir, outcome.ackText);
    } catch (e) {
      // Applied, not acknowledged: the same ingest again writes the same acknowledgement ("already").
      throw new CommandStop(`${outcome.batchId} was applied but its acknowledgement could not be written to ${ackDir}: ${(e as Error).message}; run the same ingest again to write it (the batches after it were not read)`);
    }
    tally[outcome.status]++;
    if (outcome.status === 'accepted') tally.entries += outcome.count;
    (outcome.status === 'refused' ? io.err : io.out)(describe(outcome, ackName));
  }
  io.out(`${ids.length} batches: ${tally.accepted} accepted (${tally.entries} entries), ${tally.already} already ingested, ${tally.refused} refused\n`);
  if (tally.refused > 0) throw new CommandStop(`${tally.refused} batch(es) refused; nothing of them was applied`, 2);
}
