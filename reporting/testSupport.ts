import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import { DEFAULT_LIMITS } from '../core/evidence/limits.ts';
import { localFileStore } from '../evidence-storage/localFileStore.ts';
import { createViews } from '../web/views.ts';
import { createWebApp } from '../web/app.ts';
import { institutionResolver } from '../web/institution.ts';
import { makeCore, makeInstitution } from '../test/factories.ts';
import { createReportingRouter, type ReportingDeps } from './router.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/**
 * Harbour's web app with the reporting router mounted, exactly as server.ts composes it, on an
 * in-memory PostgreSQL with a seeded institution and a local evidence store in a temporary folder.
 */
export async function startReportingApp(o: { followUpRateLimit?: ReportingDeps['followUpRateLimit']; frameAncestors?: string[]; texts?: Record<string, string>; core?: Core } = {}) {
  const core = o.core ?? makeCore(await openPglite('memory://').then(async (db) => (await migrate(db), db)));
  const inst: Institution = await makeInstitution(core);
  if (o.texts) await core.db.query(`UPDATE institutions SET settings = jsonb_set(settings, '{texts}', $2::jsonb) WHERE id = $1`, [inst.id, JSON.stringify(o.texts)]);
  if (o.frameAncestors) await core.db.query(`UPDATE institutions SET settings = jsonb_set(settings, '{frameAncestors}', $2::jsonb) WHERE id = $1`, [inst.id, JSON.stringify(o.frameAncestors)]);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harbour-reporting-'));
  const evidence: EvidenceDeps = { core, store: localFileStore(dir), limits: { ...DEFAULT_LIMITS, maxFileBytes: 2 * 1024 * 1024, maxFilesPerRequest: 5 } };
  const views = createViews({ cache: false });
  const router = createReportingRouter({ core, views, config: { production: false, PUBLIC_URL: undefined }, secret: TEST_SECRET, evidence, followUpRateLimit: o.followUpRateLimit });
  const institutions = institutionResolver(core.db, inst.slug);
  const app = createWebApp({ core, views, institutions, mounts: [{ path: '/', router }] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    core,
    inst,
    evidence,
    institutions,
    async stop(opts: { keepDatabase?: boolean } = {}) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!opts.keepDatabase) await core.db.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The answers a browser would send from the page's (first reporting) form, as shown: text, checked boxes, selected options. */
export function formValues(html: string): Record<string, string[]> {
  const form = html.match(/<form[^>]*data-report-form[^>]*>([\s\S]*?)<\/form>/)?.[1] ?? '';
  const out: Record<string, string[]> = {};
  const add = (k: string | undefined, v: string) => k && (out[k] ??= []).push(unescape(v));
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'file' || type === 'hidden') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
    add(attr(tag, 'name'), attr(tag, 'value') ?? '');
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attr(m[1]!, 'name'), m[2]!);
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = m[2]!.match(/<option value="([^"]*)"[^>]*\sselected/);
    add(attr(m[1]!, 'name'), selected?.[1] ?? m[2]!.match(/<option value="([^"]*)"/)?.[1] ?? '');
  }
  return out;
}

/** The value of a hidden input in a page. */
export function hidden(html: string, name: string): string | undefined {
  const m = html.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`));
  return m?.[1] === undefined ? undefined : unescape(m[1]);
}

/**
 * A browser without JavaScript, for HTTP tests: keeps cookies, and posts the form of the page it
 * is on with that page's hidden fields (CSRF token, draft, step, launch) plus the given answers.
 */
export class FormClient {
  cookies = new Map<string, string>();
  html = '';
  status = 0;
  headers = new Headers();
  constructor(readonly base: string, readonly extraHeaders: Record<string, string> = {}) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/.test(c) || v === '') this.cookies.delete(k!);
      else this.cookies.set(k!, v!);
    }
    this.status = res.status;
    this.headers = res.headers;
  }
  async get(pathname: string): Promise<string> {
    const res = await fetch(this.base + pathname, { headers: { cookie: this.cookieHeader(), ...this.extraHeaders }, redirect: 'manual' });
    this.keep(res);
    this.html = await res.text();
    return this.html;
  }
  /** Posts to `action` as multipart (the page's hidden fields first, then `fields`, then files). */
  async post(action: string, fields: Record<string, string | string[]>, files: { field: string; name: string; type: string; body: Buffer }[] = [], opts: { multipart?: boolean; skipHidden?: boolean } = {}): Promise<string> {
    const hiddenNames = opts.skipHidden ? [] : ['_csrf', 'draft', 'step', 'launch', 'receipt'];
    const entries: [string, string][] = [];
    for (const n of hiddenNames) {
      const v = hidden(this.html, n);
      if (v !== undefined && !(n in fields)) entries.push([n, v]);
    }
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) entries.push([k, x]);
    let body: FormData | URLSearchParams;
    if (opts.multipart === false) body = new URLSearchParams(entries);
    else {
      const fd = new FormData();
      for (const [k, v] of entries) fd.append(k, v);
      for (const f of files) fd.append(f.field, new Blob([new Uint8Array(f.body)], { type: f.type }), f.name);
      body = fd;
    }
    const res = await fetch(this.base + action, { method: 'POST', body, headers: { cookie: this.cookieHeader(), ...this.extraHeaders }, redirect: 'manual' });
    this.keep(res);
    const location = res.headers.get('location');
    this.html = await res.text();
    if (res.status === 303 && location) return this.get(location);
    return this.html;
  }
  /** Posts the current step of /report with the answers and a button value. */
  step(fields: Record<string, string | string[]>, nav = 'next', files: { field: string; name: string; type: string; body: Buffer }[] = []): Promise<string> {
    return this.post('/report', { ...fields, nav }, files);
  }
  /** Presses a button on the current page, sending what the page shows (as a browser would), with changes. */
  press(nav = 'next', changes: Record<string, string | string[]> = {}): Promise<string> {
    return this.post('/report', { ...formValues(this.html), ...changes, nav });
  }
  get currentStep(): string | undefined {
    return hidden(this.html, 'step');
  }
}
