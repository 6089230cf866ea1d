import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: readable aloud and on paper

/** A follow-up code: 20 characters from 31 (~99 bits), shown once in groups of four. */
export function newFollowUpCode(): string {
  const chars = Array.from(crypto.randomBytes(20), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Forgives case, spaces and missing dashes in what the reporter types back. */
export function normaliseFollowUpCode(input: string): string {
  const chars = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return (chars.match(/.{1,4}/g) ?? []).join('-');
}

/** scrypt with a random salt, stored as `scrypt$N$salt$hash`. */
export async function hashFollowUpCode(code: string, cost: number): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(normaliseFollowUpCode(code), salt, 32, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 });
  return `scrypt$${cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyFollowUpCode(code: string, stored: string | null): Promise<boolean> {
  // With nothing stored we still spend the same time, so a response never tells whether a reference exists.
  const [, n, salt, hash] = (stored ?? `scrypt$16384$${'A'.repeat(24)}$${'A'.repeat(44)}`).split('$');
  const cost = Number(n);
  const actual = await scrypt(normaliseFollowUpCode(code), Buffer.from(salt!, 'base64'), 32, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 });
  return stored !== null && crypto.timingSafeEqual(actual, Buffer.from(hash!, 'base64'));
}
