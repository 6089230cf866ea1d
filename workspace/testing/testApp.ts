import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPglite } from '../../core/db/pglite.ts';
import { migrate } from '../../core/db/migrate.ts';
import type { Database } from '../../core/db/database.ts';
import type { Core } from '../../core/core.ts';
import type { Institution } from '../../core/institutions.ts';
import type { StaffRole } from '../../core/actor.ts';
import { createViews } from '../../web/views.ts';
import { createWebApp } from '../../web/app.ts';
import { institutionResolver } from '../../web/institution.ts';
import { staffSessions } from '../../web/staffSession.ts';
import { makeCore, makeInstitution, staffActor } from '../../test/factories.ts';
import { createWorkspaceRouter, type WorkspaceDeps } from '../router.ts';

/** A browser-like client: keeps cookies, follows nothing by itself, finds the CSRF token in pages. */
export class Client {
  cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string) {}
  private headers(extra: Record<string, string> = {}) {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...extra };
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v.join('='));
    }
  }
  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    if (res.status === 200) this.lastHtml = html;
    return { status: res.status, html, location: res.headers.get('location') };
  }
  /** Posts a form with the CSRF token of the last page (or of `from`, fetched first). */
  async post(path: string, form: Record<string, string | string[]>, from?: string) {
    if (from) await this.get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? '';
    const body = new URLSearchParams();
    body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await fetch(this.base + path, { method: 'POST', headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body, redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    return { status: res.status, html, location: res.headers.get('location') };
  }
}

export interface WorkspaceTestApp {
  url: string;
  db: Database;
  core: Core;
  inst: Institution;
  /** A client signed in (through the development sign-in) as the nth staff member with `role`. */
  signedIn(role: StaffRole, nth?: number): Promise<Client & { staffId: string }>;
  /** A client with a session started directly, as Entra or Teams SSO would (works in production mode). */
  withSession(role: StaffRole, nth?: number): Promise<Client & { staffId: string }>;
  close(): Promise<void>;
}

/**
 * The workspace as the composition root wires it (createWebApp + the router + staff sessions) on
 * an in-memory PGlite with the demo lists and staff, listening on 127.0.0.1.
 */
export async function startWorkspaceApp(
  over: Partial<WorkspaceDeps> & { production?: boolean; clock?: () => Date; withDb?: (db: Database) => Partial<WorkspaceDeps> } = {},
): Promise<WorkspaceTestApp> {
  const db = await openPglite('memory://');
  await migrate(db);
  const core = makeCore(db, { clock: over.clock });
  const inst = await makeInstitution(core);
  const views = createViews();
  const sessions = staffSessions(core, false);
  const router = createWorkspaceRouter({ core, views, sessions, config: { production: over.production ?? false, SESSION_SECRET: 'test-session-secret-test-session-secret' }, ...over, ...over.withDb?.(db) });
  const app = createWebApp({ core, views, institutions: institutionResolver(db, inst.slug), mounts: [{ path: '/tab', router }] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    core,
    inst,
    async signedIn(role, nth = 0) {
      const who = await staffActor(core, inst.id, role, nth);
      const client = Object.assign(new Client(url), { staffId: who.staffId });
      const res = await client.post('/tab/dev-sign-in', { staffId: who.staffId, next: '/tab' }, '/tab/dev-sign-in');
      if (res.status !== 303) throw new Error(`dev sign-in failed: ${res.status}`);
      return client;
    },
    async withSession(role, nth = 0) {
      const who = await staffActor(core, inst.id, role, nth);
      const client = Object.assign(new Client(url), { staffId: who.staffId });
      const captured = { cookie: (name: string, value: string) => void client.cookies.set(name, value) };
      await sessions.start(captured as never, inst.id, who.staffId);
      return client;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
