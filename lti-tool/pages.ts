import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Response } from 'express';
import { REFUSALS, type RefusalCode } from './refusals.ts';

const views = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'views');
const hbs = Handlebars.create();
hbs.registerPartial('lti-layout', fs.readFileSync(path.join(views, 'lti-layout.hbs'), 'utf8'));
const compile = (name: string) => hbs.compile(fs.readFileSync(path.join(views, `${name}.hbs`), 'utf8'), { strict: false });
const templates = {
  'lti-error': compile('lti-error'),
  'lti-deep-link': compile('lti-deep-link'),
  'lti-deep-link-return': compile('lti-deep-link-return'),
  'lti-registered': compile('lti-registered'),
};

export type View = keyof typeof templates;

export interface PageOptions {
  status?: number;
  /** Sites allowed to frame this page (the Moodle sites): added to `frame-ancestors 'self'`. */
  frameAncestors: string[];
  /** Where the page's form may post, besides this site. */
  formAction?: string[];
}

/**
 * Sends one of the tool's pages with headers that let Moodle frame it (no X-Frame-Options; a
 * frame-ancestors list of the registered Moodle origins) and a strict, nonce-based CSP.
 */
export function sendPage(res: Response, view: View, data: Record<string, unknown>, o: PageOptions): void {
  const cspNonce = crypto.randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${cspNonce}'`,
    `script-src 'nonce-${cspNonce}'`,
    "img-src 'self'",
    `form-action 'self' ${(o.formAction ?? []).join(' ')}`.trim(),
    `frame-ancestors 'self' ${o.frameAncestors.join(' ')}`.trim(),
    "base-uri 'none'",
  ].join('; ');
  res.removeHeader('X-Frame-Options');
  res.set({
    'Content-Security-Policy': csp,
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.status(o.status ?? 200).send(templates[view]({ ...data, cspNonce }));
}

/** Sends the page for a refusal: what happened, what to do, and the public form. */
export function sendRefusal(res: Response, code: RefusalCode, o: PageOptions & { detail?: string; publicFormUrl: string }): void {
  const text = REFUSALS[code];
  sendPage(res, 'lti-error', { ...text, refusal: code, detail: o.detail, publicFormUrl: o.publicFormUrl }, { ...o, status: o.status ?? text.status });
}
