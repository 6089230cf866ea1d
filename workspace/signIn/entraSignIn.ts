import crypto from 'node:crypto';
import { z } from 'zod';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { findStaff } from '../../core/staff.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { institutionOf, renderPage, safeNext } from '../page.ts';

const COOKIE = 'harbour_ws_signin';
const MAX_AGE_MS = 10 * 60_000;

export const callbackSchema = z.object({ code: z.string().min(1).max(4000), state: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

/**
 * Staff sign-in with Microsoft Entra in a browser: authorization code with PKCE. The state and the
 * PKCE verifier wait in a short-lived HttpOnly cookie, signed so it can't be forged; the callback
 * checks the state, redeems the code through graph-integration, and finds the member of staff by
 * their Entra object id or, failing that, their sign-in address.
 */
export function entraSignIn(deps: WorkspaceDeps & { entra: NonNullable<WorkspaceDeps['entra']> }, secret: string, secure: boolean) {
  const sign = (v: string) => crypto.createHmac('sha256', secret).update(`ws-signin:${v}`).digest('base64url');
  const cookieOptions = { httpOnly: true, secure, sameSite: 'lax' as const, path: '/tab/auth' };
  return {
    async start(req: Request, res: Response) {
      const pkce = await deps.entra.newPkce();
      const state = crypto.randomBytes(24).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ state, verifier: pkce.verifier, challenge: pkce.challenge, next: safeNext(req.query.next), exp: Date.now() + MAX_AGE_MS })).toString('base64url');
      res.cookie(COOKIE, `${payload}.${sign(payload)}`, { ...cookieOptions, maxAge: MAX_AGE_MS });
      res.redirect(303, await deps.entra.authCodeUrl(state, pkce));
    },
    async callback(req: Request, res: Response) {
      if (typeof req.query.error === 'string') throw new DomainError('forbidden', 'Microsoft sign-in was cancelled or refused. Try again, or ask your administrator.');
      const input = parseOrThrow(callbackSchema, req.query);
      const [payload, mac] = String(req.cookies?.[COOKIE] ?? '').split('.');
      res.clearCookie(COOKIE, cookieOptions);
      const expected = payload ? sign(payload) : '';
      if (!payload || !mac || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
        throw new DomainError('forbidden', 'This sign-in link has expired. Start signing in again.');
      const saved = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { state: string; verifier: string; challenge: string; next: string; exp: number };
      if (saved.state !== input.state || saved.exp < Date.now()) throw new DomainError('forbidden', 'This sign-in link has expired. Start signing in again.');
      const user = await deps.entra.redeemCode(input.code, { verifier: saved.verifier, challenge: saved.challenge });
      const inst = institutionOf(res);
      const staff = await deps.core.db.forInstitution(inst.id, async (tx) => {
        const byId = await findStaff(tx, { entraObjectId: user.oid });
        if (byId) return byId;
        const byEmail = user.preferredUsername ? await findStaff(tx, { email: user.preferredUsername }) : null;
        // An address once given to someone else's Entra account must not open their Harbour record.
        return byEmail && (!byEmail.entraObjectId || byEmail.entraObjectId === user.oid) ? byEmail : null;
      });
      if (!staff?.active) {
        renderPage(deps, res, 'ws-not-staff', { title: 'You are not on the staff list' }, 403);
        return;
      }
      await deps.sessions.start(res, inst.id, staff.id);
      res.redirect(303, safeNext(saved.next));
    },
  };
}
