import type { Request } from 'express';
import busboy from 'busboy';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { EvidenceDeps } from '../../core/evidence/deps.ts';
import { discardStaged, stageUpload, type StagedFile } from '../../core/evidence/evidenceUploader.ts';

/** What a multipart upload brought: its small fields and the files, already staged (encrypted, stored). */
export interface ParsedUpload {
  fields: Record<string, string>;
  staged: StagedFile[];
  /** Files refused (type, size, empty) with the reason to show; the others are staged. */
  refused: { name: string; reason: string }[];
}

/**
 * Streams a multipart/form-data request with busboy: each file goes straight through stageUpload
 * (hash, type check, encryption, storage), never buffered whole. Limits: files per request, bytes
 * per file (stopped as it streams), and small text fields only. A broken or over-full request
 * discards what was staged and throws DomainError('invalid'). The caller attaches or discards.
 */
export function parseUpload(req: Request, deps: EvidenceDeps, actor: Actor): Promise<ParsedUpload> {
  const { limits } = deps;
  if (!req.is('multipart/form-data')) return Promise.reject(new DomainError('invalid', 'Choose a file to upload.', { files: 'missing' }));
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const refused: ParsedUpload['refused'] = [];
    const staged: StagedFile[] = [];
    const pending: Promise<void>[] = [];
    let tooMany = false;
    let failed = false;
    const fail = async (err: Error, clientFault = true) => {
      if (failed) return;
      failed = true;
      req.unpipe();
      req.resume();
      await Promise.allSettled(pending);
      await discardStaged(deps, actor.institutionId, staged).catch(() => undefined);
      reject(err instanceof DomainError || !clientFault ? err : new DomainError('invalid', 'The upload did not arrive complete. Please try again.', { files: 'incomplete' }));
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: limits.maxFilesPerRequest, fileSize: limits.maxFileBytes + 1, fields: 20, fieldSize: 10_000, parts: limits.maxFilesPerRequest + 20 },
      });
    } catch {
      return reject(new DomainError('invalid', 'Choose a file to upload.', { files: 'missing' }));
    }
    bb.on('field', (name, value) => {
      if (name !== '__proto__') fields[name] = value;
    });
    bb.on('file', (_field, stream, info) => {
      if (!info.filename || failed) return void stream.resume();
      pending.push(
        stageUpload(deps, actor, { name: info.filename, stream }).then(
          (s) => void staged.push(s),
          (err: Error) => {
            stream.resume();
            if (err instanceof DomainError && err.code === 'invalid') refused.push({ name: (info.filename ?? '').slice(0, 200), reason: err.message });
            else void fail(err, false);
          },
        ),
      );
    });
    bb.on('filesLimit', () => (tooMany = true));
    bb.on('error', (err) => void fail(err as Error));
    bb.on('close', async () => {
      await Promise.allSettled(pending);
      if (failed) return;
      if (tooMany) return fail(new DomainError('invalid', `Attach at most ${limits.maxFilesPerRequest} files at a time.`, { files: 'too many' }));
      resolve({ fields, staged, refused });
    });
    req.on('aborted', () => void fail(new Error('aborted')));
    req.pipe(bb);
  });
}
