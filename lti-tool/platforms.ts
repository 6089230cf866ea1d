import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from '../core/db/database.ts';
import type { LtiStore } from './ltiStore.ts';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** A Moodle site (issuer + client id) registered with Harbour, and the institution it belongs to. */
export interface PlatformRecord {
  id: string;
  institutionId: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  name: string;
  source: 'dynamic' | 'manual';
  createdAt: Date;
}

export interface PlatformRegistration {
  institutionId: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  name: string;
  source: 'dynamic' | 'manual';
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
}

type Row = {
  id: string;
  institution_id: string;
  issuer: string;
  client_id: string;
  deployment_ids: string[];
  name: string;
  source: 'dynamic' | 'manual';
  created_at: Date;
};

const toRecord = (r: Row): PlatformRecord => ({
  id: r.id,
  institutionId: r.institution_id,
  issuer: r.issuer,
  clientId: r.client_id,
  deploymentIds: r.deployment_ids,
  name: r.name,
  source: r.source,
  createdAt: r.created_at,
});

/** A refusal to register: the message says what to do instead. */
export class RegistrationError extends Error {}

/**
 * The registrations for an issuer (and client id, when the platform sent one). Read as the owner:
 * a launch arrives before Harbour knows which institution it is for.
 */
export async function findPlatforms(db: Database, issuer: string, clientId?: string): Promise<PlatformRecord[]> {
  const { rows } = clientId
    ? await db.query<Row>('SELECT * FROM lti_platforms WHERE issuer = $1 AND client_id = $2', [issuer, clientId])
    : await db.query<Row>('SELECT * FROM lti_platforms WHERE issuer = $1 ORDER BY created_at', [issuer]);
  return rows.map(toRecord);
}

/**
 * Registers a platform with ltijs (its keys, endpoints and JWKS URL) and records which institution
 * and deployments it belongs to. Registering the same site again adds deployment ids; registering
 * it for a second institution is refused.
 */
export async function registerPlatform(db: Database, store: LtiStore, p: PlatformRegistration): Promise<PlatformRecord> {
  const [existing] = await findPlatforms(db, p.issuer, p.clientId);
  if (existing && existing.institutionId !== p.institutionId)
    throw new RegistrationError(`${p.issuer} (client id ${p.clientId}) is already registered for another institution. Remove it first.`);
  await writeLtijsPlatform(store, p);
  const { rows } = await db.query<Row>(
    `INSERT INTO lti_platforms (institution_id, issuer, client_id, deployment_ids, name, source)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (issuer, client_id) DO UPDATE
       SET deployment_ids = ARRAY(SELECT DISTINCT unnest(lti_platforms.deployment_ids || EXCLUDED.deployment_ids) ORDER BY 1)
     RETURNING *`,
    [p.institutionId, p.issuer, p.clientId, p.deploymentIds, p.name, p.source],
  );
  await allowFraming(db, p.institutionId, new URL(p.issuer).origin);
  return toRecord(rows[0]!);
}

/**
 * Writes the platform the way ltijs's own `registerPlatform` does (same documents and fields), but
 * generates its 4096-bit signing key asynchronously: ltijs does it synchronously, which would
 * freeze every other request for seconds while a Moodle site registers. The platform is active.
 */
async function writeLtijsPlatform(store: LtiStore, p: PlatformRegistration): Promise<void> {
  const where = { platformUrl: p.issuer, clientId: p.clientId };
  const fields = {
    platformName: p.name,
    authEndpoint: p.authEndpoint,
    accesstokenEndpoint: p.tokenEndpoint,
    authorizationServer: p.tokenEndpoint,
    authConfig: { method: 'JWK_SET', key: p.jwksUrl },
  };
  const found = await store.Get(false, 'platform', where);
  let kid = found ? (found[0]!.kid as string) : undefined;
  if (kid) await store.Modify(false, 'platform', where, fields);
  else {
    kid = crypto.randomBytes(16).toString('hex');
    const keys = await generateKeyPair('rsa', {
      modulusLength: 4096,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    await store.Replace(true, 'publickey', where, { key: keys.publicKey, kid }, { kid, ...where });
    await store.Replace(true, 'privatekey', where, { key: keys.privateKey, kid }, { kid, ...where });
    await store.Replace(false, 'platform', where, { ...where, ...fields, kid });
  }
  await store.Replace(false, 'platformStatus', { id: kid }, { id: kid, active: true });
}

/** Every registration with its institution's slug, oldest first. */
export async function listPlatforms(db: Database): Promise<(PlatformRecord & { institutionSlug: string })[]> {
  const { rows } = await db.query<Row & { slug: string }>(
    'SELECT p.*, i.slug FROM lti_platforms p JOIN institutions i ON i.id = p.institution_id ORDER BY p.created_at, p.issuer',
  );
  return rows.map((r) => ({ ...toRecord(r), institutionSlug: r.slug }));
}

/**
 * Removes a registration: Harbour's record, and ltijs's platform, status and key pair. Launches
 * from that site are refused from then on. Returns the removed record, or null if there was none.
 */
export async function removePlatform(db: Database, store: LtiStore, id: string): Promise<PlatformRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await db.query<Row>('DELETE FROM lti_platforms WHERE id = $1 RETURNING *', [id]);
  const removed = rows[0];
  if (!removed) return null;
  const found = await store.Get(false, 'platform', { platformUrl: removed.issuer, clientId: removed.client_id });
  for (const doc of found || []) {
    const kid = doc.kid as string | undefined;
    await store.Delete('platform', { platformUrl: removed.issuer, clientId: removed.client_id });
    await store.Delete('platformStatus', { id: kid });
    await store.Delete('publickey', { kid });
    await store.Delete('privatekey', { kid });
  }
  const origin = new URL(removed.issuer).origin;
  if (!(await platformOrigins(db, removed.institution_id)).includes(origin)) await forbidFraming(db, removed.institution_id, origin);
  return toRecord(removed);
}

/** Origins of the registered Moodle sites: the pages Moodle frames must allow them as frame ancestors. */
export async function platformOrigins(db: Database, institutionId?: string): Promise<string[]> {
  const { rows } = institutionId
    ? await db.query<{ issuer: string }>('SELECT issuer FROM lti_platforms WHERE institution_id = $1', [institutionId])
    : await db.query<{ issuer: string }>('SELECT issuer FROM lti_platforms');
  return [...new Set(rows.map((r) => new URL(r.issuer).origin))].sort();
}

async function allowFraming(db: Database, institutionId: string, origin: string): Promise<void> {
  await db.query(
    `UPDATE institutions SET settings = jsonb_set(settings, '{frameAncestors}',
       coalesce(settings->'frameAncestors', '[]'::jsonb) || to_jsonb($2::text))
     WHERE id = $1 AND NOT coalesce(settings->'frameAncestors', '[]'::jsonb) ? $2`,
    [institutionId, origin],
  );
}

async function forbidFraming(db: Database, institutionId: string, origin: string): Promise<void> {
  await db.query(`UPDATE institutions SET settings = jsonb_set(settings, '{frameAncestors}', (settings->'frameAncestors') - $2) WHERE id = $1 AND settings ? 'frameAncestors'`, [
    institutionId,
    origin,
  ]);
}
