import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileMissingError, type FileStore } from '../core/evidence/ports.ts';

/** Keys are ids joined by slashes; anything else could walk out of the folder. */
function resolveKey(root: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(key)) throw new Error(`Not a storage key: ${key}`);
  return path.join(root, ...key.split('/'));
}

/**
 * The default FileStore: files under DATA_DIR/files on the local disk. A write goes to a
 * temporary name, is flushed to disk and then renamed, so a crash never leaves half a file
 * under a real key.
 */
export function localFileStore(root: string): FileStore {
  return {
    async put(key, body: Readable) {
      const target = resolveKey(root, key);
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const temp = `${target}.partial-${crypto.randomBytes(6).toString('hex')}`;
      try {
        const out = fs.createWriteStream(temp, { mode: 0o600, flush: true });
        await pipeline(body, out);
        await fsp.rename(temp, target);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
    },
    async get(key) {
      const file = resolveKey(root, key);
      try {
        const handle = await fsp.open(file, 'r');
        return handle.createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissingError(key);
        throw err;
      }
    },
    async delete(key) {
      await fsp.rm(resolveKey(root, key), { force: true });
    },
  };
}
