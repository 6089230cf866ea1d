import crypto from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import type { Core } from '../core/core.ts';
import type { Actor } from '../core/actor.ts';
import { findStaff, staffToActor } from '../core/staff.ts';
import { sha256Hex } from '../core/crypto/hashing.ts';

const COOKIE = 'harbour_staff';
const HOURS = 10;

/**
 * Staff sessions: a random token in an HttpOnly cookie, stored only as its hash with an expiry.
 * Whatever signed the person in (Entra, Teams SSO, the demo sign-in), the session holds a staff id.
 */
export function staffSessions(core: Core, secureCookies: boolean) {
  const cookieOptions = { httpOnly: true, secure: secureCookies, sameSite: secureCookies ? ('none' as const) : ('lax' as const), path: '/' };
  return {
    async start(res: Response, institutionId: string, staffId: string): Promise<void> {
      const token = crypto.randomBytes(32).toString('base64url');
      const expires = new Date(core.now().getTime() + HOURS * 3_600_000);
      await core.db.forInstitution(institutionId, (tx) =>
        tx.query(`INSERT INTO sessions (id, institution_id, kind, subject_id, expires_at) VALUES ($1, $2, 'staff', $3, $4)`, [sha256Hex(token), institutionId, staffId, expires]),
      );
      res.cookie(COOKIE, `${institutionId}.${token}`, { ...cookieOptions, expires });
    },
    async end(req: Request, res: Response): Promise<void> {
      const [institutionId, token] = String(req.cookies?.[COOKIE] ?? '').split('.');
      if (institutionId && token) await core.db.forInstitution(institutionId, (tx) => tx.query('DELETE FROM sessions WHERE id = $1', [sha256Hex(token)])).catch(() => undefined);
      res.clearCookie(COOKIE, cookieOptions);
    },
    /** Sets res.locals.actor (and .staff) when a valid session cookie is present. */
    middleware() {
      return async (req: Request, res: Response, next: NextFunction) => {
        const [institutionId, token] = String(req.cookies?.[COOKIE] ?? '').split('.');
        if (!institutionId || !token || !/^[0-9a-f-]{36}$/.test(institutionId)) return next();
        try {
          const staff = await core.db.forInstitution(institutionId, async (tx) => {
            const s = (await tx.query<{ subject_id: string }>(`SELECT subject_id FROM sessions WHERE id = $1 AND kind = 'staff' AND expires_at > now()`, [sha256Hex(token)])).rows[0];
            return s ? findStaff(tx, { id: s.subject_id }) : null;
          });
          if (staff?.active) {
            res.locals.staff = staff;
            res.locals.actor = staffToActor(institutionId, staff) satisfies Actor;
          }
          next();
        } catch (err) {
          next(err);
        }
      };
    },
  };
}
export type StaffSessions = ReturnType<typeof staffSessions>;
