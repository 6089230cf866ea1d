import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import fc from 'fast-check';
import { decryptFrames, encryptFrames, TamperedFileError } from './frames.ts';

const encrypt = (key: Buffer, id: string, plain: Buffer, frame?: number) => buffer(Readable.from([plain]).pipe(encryptFrames(key, id, frame)));
const decrypt = (key: Buffer, id: string, sealed: Buffer) => buffer(Readable.from([sealed]).pipe(decryptFrames(key, id)));

describe('evidence frames (streamed AES-256-GCM)', () => {
  const key = crypto.randomBytes(32);
  const id = crypto.randomUUID();

  it('round-trips any length and any chunking, including empty and exact multiples of the frame', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 97 }), async (bytes, frame, chunk) => {
        const plain = Buffer.from(bytes);
        const chunks = [];
        for (let i = 0; i < plain.length; i += chunk) chunks.push(plain.subarray(i, i + chunk));
        const sealed = await buffer(Readable.from(chunks).pipe(encryptFrames(key, id, frame)));
        assert.equal(sealed.length, 9 + plain.length + 16 * Math.max(1, Math.ceil(plain.length / frame)));
        assert.ok((await decrypt(key, id, sealed)).equals(plain));
      }),
      { numRuns: 150 },
    );
  });

  it('fails on a flipped bit, a dropped last frame, swapped frames, another file id or another key', async () => {
    const plain = crypto.randomBytes(100);
    const sealed = await encrypt(key, id, plain, 32);
    const flipped = Buffer.from(sealed);
    flipped[20] = flipped[20]! ^ 1;
    await assert.rejects(decrypt(key, id, flipped), TamperedFileError);
    const frame = 32 + 16;
    await assert.rejects(decrypt(key, id, sealed.subarray(0, 9 + 3 * frame)), TamperedFileError, 'cut at a frame boundary');
    const swapped = Buffer.concat([sealed.subarray(0, 9), sealed.subarray(9 + frame, 9 + 2 * frame), sealed.subarray(9, 9 + frame), sealed.subarray(9 + 2 * frame)]);
    await assert.rejects(decrypt(key, id, swapped), TamperedFileError);
    await assert.rejects(decrypt(key, crypto.randomUUID(), sealed), TamperedFileError);
    await assert.rejects(decrypt(crypto.randomBytes(32), id, sealed), TamperedFileError);
    await assert.rejects(decrypt(key, id, Buffer.from('not evidence at all')), TamperedFileError);
  });
});
