import crypto from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { DomainError } from '../core/errors.ts';

const COOKIE = 'harbour_csrf';

/**
 * Double-submit CSRF protection without server state: a random cookie, and a form token that is
 * its HMAC. Forms embed `res.locals.csrfToken`; every POST must echo it as `_csrf` or the
 * `x-csrf-token` header. Inside Moodle's iframe the cookie is SameSite=None; Secure.
 */
export function csrfProtection(secret: string, secureCookies: boolean) {
  const sign = (v: string) => crypto.createHmac('sha256', secret).update(`csrf:${v}`).digest('base64url');
  return (req: Request, res: Response, next: NextFunction) => {
    let value = req.cookies?.[COOKIE] as string | undefined;
    if (!value || !/^[A-Za-z0-9_-]{32,64}$/.test(value)) {
      value = crypto.randomBytes(24).toString('base64url');
      res.cookie(COOKIE, value, { httpOnly: true, sameSite: secureCookies ? 'none' : 'lax', secure: secureCookies, path: '/' });
      req.cookies = { ...req.cookies, [COOKIE]: value };
    }
    res.locals.csrfToken = sign(value);
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const sent = (req.body?._csrf as string | undefined) ?? req.get('x-csrf-token');
    const expected = sign(value);
    if (!sent || sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected)))
      return next(new DomainError('forbidden', 'This form has expired or your browser blocked a cookie it needs. Go back, reload the page and send again: what you typed is kept in the form.'));
    next();
  };
}
