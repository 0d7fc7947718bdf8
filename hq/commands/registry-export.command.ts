import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REGISTRY_FILE_FORMAT, REGISTRY_PAGE_DEFAULT_LIMIT, type RegistryFile, type RegistryPage } from '../../shared/journal';
import { type HqClient, inTransaction } from '../db/connection';
import { type HqKey, readHqKey } from '../link/hq-key';
import { signedRegistryPage } from '../link/registry.route';
import { CommandStop, type Io } from './io';

/** The key, before the database is touched (a wrong path is said at once). */
export function registryExportKey(file: string | undefined): HqKey {
  if (!file) throw new CommandStop("registry-export needs --hq-key FILE (headquarters' private key): every page is signed");
  try {
    return readHqKey(file);
  } catch (e) {
    throw new CommandStop((e as Error).message);
  }
}

/** REGISTRY-EXPORT: every change after `since` as signed pages, from one snapshot of the registry,
 * into a file a branch with no line imports (written whole or not at all). */
export async function registryExportCommand(client: HqClient, key: HqKey, out: string, since: number, io: Io, now = new Date()): Promise<RegistryFile> {
  const pages: RegistryPage[] = [];
  let entries = 0;
  let version = since;
  await inTransaction(client, async () => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    for (;;) {
      const { page, delta } = await signedRegistryPage(client, key, version, REGISTRY_PAGE_DEFAULT_LIMIT, now);
      pages.push(page);
      entries += delta.entries.length;
      version = delta.toVersion;
      if (!delta.hasMore) break;
    }
  });
  const file: RegistryFile = { format: REGISTRY_FILE_FORMAT, pages };
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    // National codes and where each person registered: readable by this user only.
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 });
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true }); // never a half-written (or orphaned) copy beside the target
    throw new CommandStop(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  io.out(`wrote ${out}: ${pages.length} page(s), ${entries} entries, versions ${since}–${version}\n`);
  return file;
}
