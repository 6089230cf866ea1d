import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import type { Core } from './core.ts';
import type { Database } from './db/database.ts';
import type { Logger } from './logger.ts';
import { createKeyring, parseMasterKeys, type Keyring } from './crypto/keyring.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import { migrate } from './db/migrate.ts';

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/db. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL) : openPglite(path.join(config.DATA_DIR, 'db'));
}

/**
 * Master keys from MASTER_KEYS; outside production, when none are configured, a key generated
 * once into DATA_DIR/demo-master-key.json (and said so in the log). Production refuses to start
 * without configured keys (checked in config).
 */
export function loadKeyring(config: Config, log: Logger): Keyring {
  if (config.MASTER_KEYS) {
    const keys = parseMasterKeys(config.MASTER_KEYS);
    return createKeyring(keys, config.MASTER_KEY_ID ?? [...keys.keys()][0]!);
  }
  const file = path.join(config.DATA_DIR, 'demo-master-key.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ id: 'demo-1', key: crypto.randomBytes(32).toString('base64') }), { mode: 0o600 });
    log.warn({ file }, 'generated a demo master key into DATA_DIR: for a demo only; production requires MASTER_KEYS');
  }
  const { id, key } = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string; key: string };
  return createKeyring(new Map([[id, Buffer.from(key, 'base64')]]), id);
}

/** Opens storage, applies migrations and returns the core. */
export async function createCore(config: Config, log: Logger): Promise<Core> {
  const db = await openDatabase(config);
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  return { db, keyring: loadKeyring(config, log), log, now: () => new Date(), followUpCost: config.FOLLOW_UP_SCRYPT_COST };
}

/**
 * SESSION_SECRET, or outside production a secret generated once into DATA_DIR (sessions, CSRF,
 * form drafts and Moodle launch tokens all key from it, so it must survive restarts).
 */
export function loadSessionSecret(config: Config, log: Logger): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.join(config.DATA_DIR, 'demo-session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
    log.warn({ file }, 'generated a demo session secret into DATA_DIR: for a demo only; production requires SESSION_SECRET');
  }
  return fs.readFileSync(file, 'utf8').trim();
}
