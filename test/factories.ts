import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Core } from '../core/core.ts';
import type { Database } from '../core/db/database.ts';
import type { Actor, StaffRole } from '../core/actor.ts';
import type { ReportInput } from '../core/model/report.ts';
import type { Institution } from '../core/institutions.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createLogger } from '../core/logger.ts';
import { seedInstitution } from '../core/demo/demoInstitution.ts';

/** Log lines captured in memory, so tests can search what would have been logged. */
export function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

/** A core on the given database with a fresh master key and a cheap follow-up hash cost. */
export function makeCore(db: Database, opts: { clock?: () => Date; log?: ReturnType<typeof createLogger>; masterKey?: Buffer } = {}): Core {
  const keyring = createKeyring(new Map([['test-1', opts.masterKey ?? crypto.randomBytes(32)]]), 'test-1');
  return { db, keyring, log: opts.log ?? createLogger('silent'), now: opts.clock ?? (() => new Date()), followUpCost: 1024 };
}

/** A seeded institution (demo lists and staff) with a unique slug. */
export async function makeInstitution(core: Core, name = 'Test University'): Promise<Institution> {
  return seedInstitution(core.db, core.keyring, { slug: `t-${crypto.randomUUID().slice(0, 8)}`, name });
}

/** An actor for one of the institution's seeded staff, found by role (and optionally department). */
export async function staffActor(core: Core, institutionId: string, role: StaffRole, nth = 0): Promise<Actor & { kind: 'staff' }> {
  const rows = (
    await core.db.query<{ id: string; roles: StaffRole[]; department_key: string | null }>(
      'SELECT id, roles, department_key FROM staff WHERE institution_id = $1 AND $2 = ANY(roles) ORDER BY email',
      [institutionId, role],
    )
  ).rows;
  const s = rows[nth];
  if (!s) throw new Error(`no staff with role ${role} (#${nth})`);
  return { kind: 'staff', institutionId, staffId: s.id, roles: s.roles, departmentKey: s.department_key };
}

export const publicActor = (institutionId: string): Actor => ({ kind: 'public', institutionId });

/** A complete named report with people and details; override any part. */
export function sampleReport(over: Partial<ReportInput> = {}): ReportInput {
  return {
    kind: 'adviser',
    capacity: 'self',
    connection: 'student',
    narrative: 'In the library a man from my seminar group followed me and made comments about my religion.',
    categories: ['harassment', 'hate_incident'],
    characteristics: ['religion'],
    when: { date: '2026-11-20', approximate: 'evening' },
    where: { campus: 'city', building: 'library' },
    ongoing: 'yes',
    perpetrators: [{ relation: 'student', name: 'Mallory Quentin', identifier: 'S1234567', description: 'tall, green coat' }],
    witnesses: [{ name: 'Wendy Witness', contact: 'wendy@example.org' }],
    wants: ['support', 'formal_action'],
    consent: { share: true, with: ['security'] },
    reporter: { name: 'Rhiannon Reporter', email: 'rhiannon.reporter@student.example.ac.uk', phone: '07700 900123', safeTimes: 'weekday mornings', contactByEmail: true },
    ...over,
  };
}
