import type { Database } from './db/database.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { Logger } from './logger.ts';

/** What every command needs: storage, keys, a logger and a clock (tests move the clock). */
export interface Core {
  db: Database;
  keyring: Keyring;
  log: Logger;
  now(): Date;
  /** scrypt cost for follow-up codes (N). */
  followUpCost: number;
}
