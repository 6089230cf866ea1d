import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Core } from '../core/core.ts';
import type { Actor } from '../core/actor.ts';
import { sha256Hex } from '../core/crypto/hashing.ts';

const COOKIE = 'harbour_reporter';
const MINUTES = 30;

/**
 * A reporter who came back with reference and code stays signed in to that one case for 30
 * minutes: a random token in an HttpOnly cookie, stored only as its hash, holding the case id and
 * nothing else (no IP address, no browser details). Signing out deletes it.
 */
export function reporterSessions(core: Core, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, secure: secureCookies, sameSite: secureCookies ? ('none' as const) : ('strict' as const), path: '/follow-up' };
  const read = (req: Request) => {
    const [institutionId, token] = String(req.cookies?.[COOKIE] ?? '').split('.');
    return institutionId && token && /^[0-9a-f-]{36}$/i.test(institutionId) && /^[A-Za-z0-9_-]{40,50}$/.test(token) ? { institutionId, token } : null;
  };
  return {
    async start(res: Response, actor: Actor & { kind: 'reporter' }): Promise<void> {
      const token = crypto.randomBytes(32).toString('base64url');
      const expires = new Date(core.now().getTime() + MINUTES * 60_000);
      await core.db.forInstitution(actor.institutionId, (tx) =>
        tx.query(`INSERT INTO sessions (id, institution_id, kind, subject_id, expires_at) VALUES ($1, $2, 'reporter', $3, $4)`, [sha256Hex(token), actor.institutionId, actor.caseId, expires]),
      );
      res.cookie(COOKIE, `${actor.institutionId}.${token}`, { ...cookieOptions, expires });
    },
    /** The reporter actor of a live session, or null. */
    async actor(req: Request): Promise<(Actor & { kind: 'reporter' }) | null> {
      const s = read(req);
      if (!s) return null;
      const row = await core.db.forInstitution(s.institutionId, async (tx) =>
        (await tx.query<{ subject_id: string }>(`SELECT subject_id FROM sessions WHERE id = $1 AND kind = 'reporter' AND expires_at > $2`, [sha256Hex(s.token), core.now()])).rows[0],
      );
      return row ? { kind: 'reporter', institutionId: s.institutionId, caseId: row.subject_id } : null;
    },
    async end(req: Request, res: Response): Promise<void> {
      const s = read(req);
      if (s) await core.db.forInstitution(s.institutionId, (tx) => tx.query('DELETE FROM sessions WHERE id = $1', [sha256Hex(s.token)]));
      res.clearCookie(COOKIE, cookieOptions);
    },
  };
}
export type ReporterSessions = ReturnType<typeof reporterSessions>;
