import { afterAll, beforeAll } from 'vitest';
import { useAppStarter, type StartOptions, type TestApp } from './app';
import { pgSkipReason, startPg, type PgCluster } from './pg';

/** The two database engines a branch runs on, for `describe.each(ENGINES)`. */
export const ENGINES: Array<[string, boolean]> = [
  ['SQLite', false],
  ['PostgreSQL', true],
];

/**
 * For the enclosing describe on one engine: `start` opens an app on a fresh database of that
 * engine (a throwaway PostgreSQL cluster for the describe), closed after each test; `skipHere`
 * says PostgreSQL is missing (never under CI=true).
 */
export function useEngine(postgres: boolean): { start: (opts?: StartOptions) => Promise<TestApp>; skipHere: boolean } {
  const skipHere = postgres && pgSkipReason() !== null;
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    if (postgres && !skipHere) cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const starter = useAppStarter();
  const start = async (opts: StartOptions = {}) => starter(postgres ? { databaseUrl: await cluster!.createDatabase(), ...opts } : opts);
  return { start, skipHere };
}
