import type { Database } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { createInstitution, type Institution } from '../institutions.ts';
import { demoData } from './demoData.ts';

/**
 * On the first start of an empty database (outside production) Harbour creates a demo university
 * with its lists, support directory and staff, so `npm start` shows a working system at once.
 */
export async function ensureDemoInstitution(db: Database, keyring: Keyring): Promise<Institution | null> {
  const existing = await db.query('SELECT 1 FROM institutions LIMIT 1');
  if (existing.rowCount) return null;
  return seedInstitution(db, keyring, { slug: 'demo', name: 'University of Harbourside (demo)' });
}

/** Creates an institution filled with the demo lists; tests use it for realistic data. */
export async function seedInstitution(db: Database, keyring: Keyring, input: { slug: string; name: string }): Promise<Institution> {
  return db.transaction(async (tx) => {
    const inst = await createInstitution(tx, keyring, { ...input, settings: { securityPhone: '0113 000 0000' } });
    for (const [i, o] of demoData.options.entries())
      await tx.query('INSERT INTO options (institution_id, kind, key, label, parent_key, description, sort) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
        inst.id,
        o.kind,
        o.key,
        o.label,
        o.parent ?? null,
        o.description ?? null,
        i,
      ]);
    for (const [i, s] of demoData.services.entries())
      await tx.query(
        `INSERT INTO support_services (institution_id, name, description, audience, categories, internal, phone, email, url, hours, campus_key, sort, last_reviewed_at, reviewed_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, current_date - $13::int, $14)`,
        [inst.id, s.name, s.description, s.audience, s.categories, s.internal, s.phone ?? null, s.email ?? null, s.url ?? null, s.hours ?? null, s.campus ?? null, i, s.reviewedDaysAgo ?? 30, 'Demo Administrator'],
      );
    for (const p of demoData.staff)
      await tx.query('INSERT INTO staff (institution_id, email, display_name, roles, department_key) VALUES ($1,$2,$3,$4,$5)', [
        inst.id,
        `${p.handle}@${input.slug}.example.ac.uk`,
        p.name,
        p.roles,
        p.department ?? null,
      ]);
    return inst;
  });
}
