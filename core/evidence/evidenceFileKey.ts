import { pipeline, Transform, type Readable } from 'node:stream';
import crypto from 'node:crypto';
import { open } from '../crypto/keyring.ts';
import { decryptFrames } from './frames.ts';
import { caseWrapContext } from './deps.ts';
import type { FileStore } from './ports.ts';

/** The file key of an attached file, unwrapped with its case key. */
export function unwrapFileKey(caseKey: Buffer, caseId: string, fileId: string, wrapped: Uint8Array): Buffer {
  return open(caseKey, wrapped, caseWrapContext(caseId, fileId));
}

/** Raised at the end of a read when the plaintext's SHA-256 is not the one recorded at upload. */
export class HashMismatchError extends Error {
  constructor() {
    super('The evidence file does not match the SHA-256 recorded in the ledger at upload.');
    this.name = 'HashMismatchError';
  }
}

/**
 * The original bytes of a stored file, decrypted as they stream and checked against the SHA-256
 * recorded at upload: any alteration fails the stream (at the frame, or at the end), never silently.
 */
export async function readPlaintext(store: FileStore, storageKey: string, fileKey: Buffer, fileId: string, sha256: string): Promise<Readable> {
  const source = await store.get(storageKey);
  const hash = crypto.createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      cb(hash.digest('hex') === sha256 ? null : new HashMismatchError());
    },
  });
  return pipeline(source, decryptFrames(fileKey, fileId), check, () => undefined);
}
