import crypto from 'node:crypto';
import type { Answers } from './answers.ts';

/** A file already received at the evidence step and staged encrypted, waiting for the report. */
export interface DraftFile {
  id: string;
  name: string;
  size: number;
  image: boolean;
}

/**
 * Everything typed so far, carried from step to step inside the form itself. Harbour keeps no
 * copy: a half-finished report exists only in the reporter's browser. `id` is the submission key
 * that makes a double submit store nothing twice; `institutionId` and `channel` are set by the
 * server when the report starts and can't be changed by the browser.
 */
export interface Draft {
  v: 1;
  id: string;
  institutionId: string;
  channel: 'web' | 'lti';
  startedAt: number;
  /** The reporter came to a step from "Check your answers" and goes back there after it. */
  returnToCheck?: boolean;
  answers: Answers;
  files: DraftFile[];
}

const AAD = Buffer.from('harbour-report-draft/v1');
/** A draft older than this is refused, so a token copied from a shared computer soon stops working. */
export const DRAFT_LIFETIME_MS = 24 * 3_600_000;

/** The draft key, derived from the server secret for this one purpose. */
export function draftKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'harbour-reporting', 'harbour report draft', 32));
}

export function newDraft(institutionId: string, channel: Draft['channel'], now: Date, answers: Answers = {}): Draft {
  return { v: 1, id: crypto.randomBytes(18).toString('base64url'), institutionId, channel, startedAt: now.getTime(), answers, files: [] };
}

/**
 * Seals a draft (AES-256-GCM, random IV): the browser carries it in a hidden field but can neither
 * read it (the narrative stays out of the source of pages that don't show it) nor alter it.
 */
export function sealDraft(key: Buffer, draft: Draft): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(draft), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed draft; null when it is missing, damaged, forged or too old. */
export function openDraft(key: Buffer, token: unknown, now: Date): Draft | null {
  if (typeof token !== 'string' || token.length < 40 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const raw = Buffer.from(token, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    const draft = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Draft;
    if (draft.v !== 1 || now.getTime() - draft.startedAt > DRAFT_LIFETIME_MS || draft.startedAt > now.getTime() + 60_000) return null;
    return draft;
  } catch {
    return null;
  }
}
