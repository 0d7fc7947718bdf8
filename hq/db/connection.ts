import pg from 'pg';

export type HqClient = pg.Client;

/** One connection to headquarters' PostgreSQL; the caller ends it. */
export async function connectHq(databaseUrl: string): Promise<HqClient> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(client: HqClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A few connections shared by the receiver's requests; each request takes one for its work. */
export type HqPool = pg.Pool;

export function openHqPool(databaseUrl: string, size: number): HqPool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: size, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle connection that the server drops (database restarted) must not take the process down;
  // the next request gets a fresh connection, or a 503 while the database is away.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` with one pooled connection; a connection that failed is discarded, not reused. */
export async function withPooled<T>(pool: HqPool, fn: (client: HqClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await fn(client);
    client.release();
    return result;
  } catch (e) {
    client.release(e instanceof Error ? e : true);
    throw e;
  }
}

const DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);

/** True for an error that means the database is away (not a bug in a query): the receiver answers 503. */
export function isDatabaseDown(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : '';
  return DOWN_CODES.has(code) || code.startsWith('08') || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}
