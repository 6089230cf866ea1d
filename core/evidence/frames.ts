import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Streamed AES-256-GCM for evidence files, so a 100 MB video never sits in memory and nothing is
 * released before it is authenticated.
 *
 * Format: a 9-byte header ("HBEV", version 1, frame size as uint32 BE), then frames. The plaintext
 * is cut into frames of FRAME_SIZE bytes (the last one shorter, possibly empty); each frame is
 * ciphertext followed by its 16-byte GCM tag. Every file has its own random key, so the IV is simply
 * the frame index (4 zero bytes + uint64 BE). The associated data binds the header, the file id, the
 * frame index and whether it is the final frame: frames can't be reordered, swapped between files,
 * or cut off at a frame boundary without decryption failing.
 */
export const FRAME_SIZE = 64 * 1024;
const TAG = 16;
const MAGIC = Buffer.from('HBEV');
const VERSION = 1;
const HEADER_LENGTH = 9;

function header(frameSize: number): Buffer {
  const h = Buffer.alloc(HEADER_LENGTH);
  MAGIC.copy(h, 0);
  h[4] = VERSION;
  h.writeUInt32BE(frameSize, 5);
  return h;
}

function ivFor(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 4);
  return iv;
}

function aadFor(head: Buffer, fileId: string, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = final ? 1 : 0;
  return Buffer.concat([head, Buffer.from(fileId), tail]);
}

/** Collects chunks and hands out exact-length slices without copying more than one frame. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer) {
    if (b.length) this.chunks.push(b);
    this.length += b.length;
  }
  take(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const first = this.chunks[0]!;
      if (first.length <= need) {
        parts.push(first);
        this.chunks.shift();
        need -= first.length;
      } else {
        parts.push(first.subarray(0, need));
        this.chunks[0] = first.subarray(need);
        need = 0;
      }
    }
    this.length -= n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }
}

/** A Transform that encrypts plaintext into the frame format above. */
export function encryptFrames(key: Buffer, fileId: string, frameSize = FRAME_SIZE): Transform {
  const head = header(frameSize);
  const queue = new ChunkQueue();
  let index = 0;
  /** Pushes one frame: its ciphertext, then its tag (no copy into a joined buffer). */
  const frame = (stream: Transform, plain: Buffer, final: boolean): void => {
    const cipher = crypto.createCipheriv('aes-256-gcm', key, ivFor(index));
    cipher.setAAD(aadFor(head, fileId, index, final));
    index++;
    const body = cipher.update(plain);
    if (body.length) stream.push(body);
    const last = cipher.final();
    if (last.length) stream.push(last);
    stream.push(cipher.getAuthTag());
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!started) {
        this.push(head);
        started = true;
      }
      queue.push(chunk);
      while (queue.length > frameSize) frame(this, queue.take(frameSize), false);
      cb();
    },
    flush(cb: TransformCallback) {
      if (!started) this.push(head);
      frame(this, queue.take(queue.length), true);
      cb();
    },
  });
}

/** The error a decrypting stream raises when the stored bytes are not what was written. */
export class TamperedFileError extends Error {
  constructor(why: string) {
    super(`The stored evidence file does not decrypt: ${why}. It was altered, truncated, or its key is wrong.`);
    this.name = 'TamperedFileError';
  }
}

/** A Transform that decrypts the frame format, releasing each frame only after its tag verifies. */
export function decryptFrames(key: Buffer, fileId: string): Transform {
  const queue = new ChunkQueue();
  let head: Buffer | null = null;
  let frameSize = 0;
  let index = 0;
  const frame = (sealed: Buffer, final: boolean): Buffer => {
    if (sealed.length < TAG) throw new TamperedFileError('the last frame is cut short');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, ivFor(index));
    decipher.setAAD(aadFor(head!, fileId, index, final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    index++;
    try {
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG));
      const last = decipher.final();
      return last.length ? Buffer.concat([body, last]) : body;
    } catch {
      throw new TamperedFileError(`frame ${index - 1} fails authentication`);
    }
  };
  const readHeader = (): boolean => {
    if (head) return true;
    if (queue.length < HEADER_LENGTH) return false;
    const h = queue.take(HEADER_LENGTH);
    if (!h.subarray(0, 4).equals(MAGIC) || h[4] !== VERSION) throw new TamperedFileError('it is not in Harbour evidence format');
    frameSize = h.readUInt32BE(5);
    if (frameSize < 1 || frameSize > 16 * 1024 * 1024) throw new TamperedFileError('its frame size is impossible');
    head = Buffer.from(h);
    return true;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        queue.push(chunk);
        if (readHeader()) while (queue.length > frameSize + TAG) this.push(frame(queue.take(frameSize + TAG), false));
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (!readHeader()) throw new TamperedFileError('it is cut short');
        this.push(frame(queue.take(queue.length), true));
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}
