import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, portAnswers } from './net.ts';

export { skipOrFail } from './skip.ts';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/ci-postgres.sh');
/** The port of a long-lived shared server (the one .ci/run starts); reused when it answers. */
const sharedPort = Number(process.env.HARBOUR_PG_PORT ?? 54329);

let pending: Promise<string | null> | undefined;

/**
 * A DATABASE_URL for a real PostgreSQL server, so storage code is tested on the engine production
 * runs, not only on PGlite. DATABASE_URL wins; else the shared server on port 54329 is reused; else
 * (as root, installing Debian's postgresql if needed) a private server is started on a free port and
 * stopped when this process exits. Null when none can be had: the caller skips, or fails under CI.
 */
export function ensurePostgres(): Promise<string | null> {
  pending ??= provision();
  return pending;
}

async function provision(): Promise<string | null> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const port = (await portAnswers(sharedPort)) ? sharedPort : await freePort();
  const out = await runScript(['start', String(port)]);
  if (out === null) return null;
  const dir = out.get('HARBOUR_PG_DIR');
  if (out.get('HARBOUR_PG_STARTED') === '1' && dir) {
    process.once('exit', () => {
      try {
        execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      } catch {
        // The server may already be gone; nothing else to do while exiting.
      }
    });
  }
  const url = out.get('DATABASE_URL');
  if (!url) throw new Error('ci-postgres.sh printed no DATABASE_URL');
  return url;
}

function runScript(args: string[]): Promise<Map<string, string> | null> {
  return new Promise((resolve, reject) => {
    execFile('bash', [script, ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as { code?: unknown }).code === 3) return resolve(null);
      if (err) return reject(new Error(`ci-postgres.sh ${args.join(' ')} failed:\n${stderr}`));
      const values = new Map<string, string>();
      for (const line of stdout.split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) values.set(line.slice(0, at), line.slice(at + 1));
      }
      resolve(values);
    });
  });
}

/** A database of its own on the test server, and how to drop it again. */
export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a random name on the server ensurePostgres gives, so a suite
 * starts from nothing and suites don't see each other's rows. Null when there is no server.
 */
export async function createFreshDatabase(): Promise<FreshDatabase | null> {
  const base = await ensurePostgres();
  if (!base) return null;
  const name = `harbour_t_${randomBytes(6).toString('hex')}`;
  await asAdmin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function asAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
