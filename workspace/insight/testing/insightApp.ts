import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPglite } from '../../../core/db/pglite.ts';
import { migrate } from '../../../core/db/migrate.ts';
import type { Database } from '../../../core/db/database.ts';
import type { Core } from '../../../core/core.ts';
import type { Institution } from '../../../core/institutions.ts';
import type { StaffRole } from '../../../core/actor.ts';
import { createViews } from '../../../web/views.ts';
import { createWebApp } from '../../../web/app.ts';
import { institutionResolver } from '../../../web/institution.ts';
import { staffSessions } from '../../../web/staffSession.ts';
import { makeCore, makeInstitution, staffActor } from '../../../test/factories.ts';
import { sha256Hex } from '../../../core/crypto/hashing.ts';
import { createWorkspaceRouter } from '../../router.ts';
import { Client } from '../../testing/testApp.ts';
import { createInsightRouter } from '../router.ts';

/** The running test app and what tests need from it. */
export interface InsightTestApp {
  url: string;
  db: Database;
  core: Core;
  inst: Institution;
  /** A client with a staff session (the cookie and row staffSessions would make). */
  as(role: StaffRole, nth?: number): Promise<Client & { staffId: string }>;
  close(): Promise<void>;
}

/**
 * The insight router wired as the composition root should (mounted at /tab before the workspace
 * router), on an in-memory PGlite with the demo lists and staff, listening on 127.0.0.1.
 */
export async function startInsightApp(opts: { clock?: () => Date } = {}): Promise<InsightTestApp> {
  const db = await openPglite('memory://');
  await migrate(db);
  const core = makeCore(db, { clock: opts.clock });
  const inst = await makeInstitution(core);
  const views = createViews();
  const sessions = staffSessions(core, false);
  const config = { production: false, SESSION_SECRET: 'test-session-secret-test-session-secret' };
  const insight = createInsightRouter({ core, views, sessions, config });
  const workspace = createWorkspaceRouter({ core, views, sessions, config });
  const app = createWebApp({ core, views, institutions: institutionResolver(db, inst.slug), mounts: [{ path: '/tab', router: insight }, { path: '/tab', router: workspace }] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    core,
    inst,
    async as(role, nth = 0) {
      const who = await staffActor(core, inst.id, role, nth);
      const client = Object.assign(new Client(url), { staffId: who.staffId });
      // Written directly with the database's clock, so a test may move the core's clock freely.
      const token = crypto.randomBytes(32).toString('base64url');
      await db.query(`INSERT INTO sessions (id, institution_id, kind, subject_id, expires_at) VALUES ($1, $2, 'staff', $3, now() + interval '1 hour')`, [sha256Hex(token), inst.id, who.staffId]);
      client.cookies.set('harbour_staff', `${inst.id}.${token}`);
      return client;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
