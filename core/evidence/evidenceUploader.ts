import crypto from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import type { Actor } from '../actor.ts';
import { actorLabel } from '../actor.ts';
import { newDataKey, seal } from '../crypto/keyring.ts';
import { encryptFrames } from './frames.ts';
import { inspectUpload } from './inspector.ts';
import { nameContext, stagingContext, storageKeyFor, type EvidenceDeps } from './deps.ts';
import { sanitiseName } from './fileTypes.ts';

/** A file received and stored encrypted, waiting to be attached to a case. */
export interface StagedFile {
  id: string;
  /** The sanitised name (shown back to the person who sent it). */
  name: string;
  size: number;
  /** The MIME type its content showed. */
  type: string;
  sha256: string;
  /** Photos can carry the place they were taken: the form says so. */
  image: boolean;
}

/**
 * Receives one file as a stream and stores it encrypted, before any case exists: SHA-256 and
 * size counted and the type judged from its bytes as it flows, AES-256-GCM in 64 KiB frames under
 * a fresh file key (wrapped by the master keyring until attached). Never holds the file in memory.
 * A refused file (type, size, empty) leaves nothing behind and throws DomainError('invalid').
 */
export async function stageUpload(deps: EvidenceDeps, actor: Actor, file: { name: string; stream: Readable }): Promise<StagedFile> {
  const { core, store, limits } = deps;
  const id = crypto.randomUUID();
  const fileKey = newDataKey();
  const storageKey = storageKeyFor(actor.institutionId, id);
  const inspector = inspectUpload(limits.maxFileBytes);
  let failure: Error | undefined;
  const encrypted = pipeline(file.stream, inspector.stream, encryptFrames(fileKey, id), (err) => {
    if (err) failure = err;
  });
  try {
    await store.put(storageKey, encrypted);
    if (failure) throw failure;
  } catch (err) {
    file.stream.resume();
    await store.delete(storageKey).catch(() => undefined);
    throw failure ?? err;
  }
  const { sha256, size, type } = await inspector.result;
  const name = sanitiseName(file.name, type);
  const at = core.now();
  const { wrapped, keyId } = core.keyring.wrap(fileKey, stagingContext(id));
  try {
    await core.db.forInstitution(actor.institutionId, (tx) =>
      tx.query(
        `INSERT INTO evidence_files (id, institution_id, sha256, size, name, detected_type, storage_key, wrapped_key, key_wrap, master_key_id, uploaded_by, uploaded_at, staged_until)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'master',$9,$10,$11,$12)`,
        [id, actor.institutionId, sha256, size, seal(fileKey, Buffer.from(name), nameContext(id)), type.mime, storageKey, wrapped, keyId, actorLabel(actor), at, new Date(at.getTime() + limits.stagedMinutes * 60_000)],
      ),
    );
  } catch (err) {
    await store.delete(storageKey).catch(() => undefined);
    throw err;
  }
  core.log.info({ fileId: id, size, type: type.mime }, 'evidence staged');
  return { id, name, size, type: type.mime, sha256, image: type.image };
}

/** Removes staged files that will not be attached (the report failed, or the person removed one). */
export async function discardStaged(deps: EvidenceDeps, institutionId: string, staged: { id: string }[]): Promise<void> {
  if (!staged.length) return;
  const rows = await deps.core.db.forInstitution(institutionId, async (tx) =>
    (await tx.query<{ storage_key: string }>('DELETE FROM evidence_files WHERE id = ANY($1::uuid[]) AND case_id IS NULL RETURNING storage_key', [staged.map((s) => s.id)])).rows,
  );
  for (const r of rows) await deps.store.delete(r.storage_key);
}

/** Deletes every staged file whose time ran out (its report never arrived): a periodic job. */
export async function sweepStaged(deps: EvidenceDeps): Promise<number> {
  const rows = (
    await deps.core.db.query<{ id: string; storage_key: string }>('SELECT id, storage_key FROM evidence_files WHERE case_id IS NULL AND staged_until < $1 LIMIT 500', [deps.core.now()])
  ).rows;
  for (const r of rows) {
    await deps.store.delete(r.storage_key);
    await deps.core.db.query('DELETE FROM evidence_files WHERE id = $1 AND case_id IS NULL', [r.id]);
  }
  return rows.length;
}
