import type { Response } from 'express';
import { pipeline, type Readable } from 'node:stream';
import type { Logger } from '../../core/logger.ts';

/** RFC 6266 Content-Disposition: an ASCII fallback and the exact UTF-8 name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_') || 'evidence';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends evidence so that no browser runs or renders it: always an attachment, as opaque bytes,
 * never sniffed, sandboxed by CSP if opened anyway, not cached and not embeddable elsewhere. The
 * SHA-256 recorded at upload goes with it (Repr-Digest) so the recipient can compare.
 */
export function sendEvidence(res: Response, log: Logger, file: { name: string; size?: number; sha256?: string; body: Readable; contentType?: string }): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType ?? 'application/octet-stream');
  res.setHeader('Content-Disposition', attachmentDisposition(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Download-Options', 'noopen');
  res.setHeader('Cache-Control', 'no-store');
  if (file.size !== undefined) res.setHeader('Content-Length', String(file.size));
  if (file.sha256) res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
  pipeline(file.body, res, (err) => {
    if (err && err.message !== 'Premature close') log.error({ err: err.message }, 'evidence download stopped: the stored file failed its check');
  });
}
