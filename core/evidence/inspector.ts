import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '../errors.ts';
import { detectType, SNIFF_BYTES, type DetectedType } from './fileTypes.ts';

/** What the inspector learned once the stream has ended. */
export interface Inspection {
  sha256: string;
  size: number;
  type: DetectedType;
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * A pass-through that, while the bytes flow, counts them (refusing past `maxBytes`), hashes the
 * original with SHA-256 and judges its type from the leading bytes. Nothing flows on until the type
 * is accepted, so a refused file never reaches storage. `result()` resolves after the end.
 */
export function inspectUpload(maxBytes: number) {
  const hash = crypto.createHash('sha256');
  const sample: Buffer[] = [];
  let sampled = 0;
  let size = 0;
  let type: DetectedType | null = null;
  let done: (r: Inspection) => void = () => undefined;
  const result = new Promise<Inspection>((resolve) => (done = resolve));

  const judge = async (stream: Transform) => {
    type = await detectType(Buffer.concat(sample, sampled));
    if (!type) throw new DomainError('invalid', 'That kind of file can’t be accepted. Send photos, screenshots, PDFs, Word or text documents, audio or video.', { file: 'type not accepted' });
    for (const b of sample.splice(0)) stream.push(b);
  };

  const stream = new Transform({
    async transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        size += chunk.length;
        if (size > maxBytes) throw new DomainError('invalid', `That file is too large: the limit is ${mb(maxBytes)} per file.`, { file: 'too large' });
        hash.update(chunk);
        if (type) return cb(null, chunk);
        sample.push(chunk);
        sampled += chunk.length;
        if (sampled >= SNIFF_BYTES) await judge(this);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    async flush(cb: TransformCallback) {
      try {
        if (size === 0) throw new DomainError('invalid', 'That file is empty.', { file: 'empty' });
        if (!type) await judge(this);
        done({ sha256: hash.digest('hex'), size, type: type! });
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  return { stream, result };
}
