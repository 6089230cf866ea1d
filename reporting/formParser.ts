import type { Request } from 'express';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { FormBody } from './answers.ts';

/** One uploaded file as it arrives: read it (or drain it) before the form can finish. */
export interface IncomingFile {
  field: string;
  name: string;
  mimeType: string;
  stream: Readable;
}

export interface ParsedForm {
  fields: FormBody;
  /** Fields longer than the parser keeps (far beyond any limit of the form): kept cut, and reported. */
  truncated: string[];
}

export interface ParseLimits {
  fieldBytes: number;
  files: number;
  fileBytes: number;
}

/** Generous enough that the form's own limits (20,000 characters) give the error, not the parser. */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { fieldBytes: 1024 * 1024, files: 10, fileBytes: 100 * 1024 * 1024 };

/**
 * Reads a reporter's form: multipart/form-data with busboy (every step posts that way, so an
 * oversized answer reaches the form and comes back with an error instead of a bare 413), or the
 * body Express already parsed. Each file goes to `onFile` with the fields seen before it (the
 * form puts its hidden fields first), and the parse ends only once every file was handled.
 */
export function parseForm(req: Request, limits: ParseLimits, onFile?: (fields: FormBody, file: IncomingFile) => Promise<void>): Promise<ParsedForm> {
  if (!req.is('multipart/form-data')) return Promise.resolve({ fields: (req.body ?? {}) as FormBody, truncated: [] });
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    const truncated: string[] = [];
    const pending: Promise<void>[] = [];
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fieldSize: limits.fieldBytes, fields: 600, files: limits.files, fileSize: limits.fileBytes + 1, parts: 700 }, defParamCharset: 'utf8' });
    } catch (err) {
      return reject(Object.assign(err as Error, { status: 400 }));
    }
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) truncated.push(name);
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    });
    bb.on('file', (field, stream, info) => {
      if (!info.filename || !onFile) {
        stream.resume();
        return;
      }
      pending.push(onFile({ ...fields }, { field, name: info.filename, mimeType: info.mimeType, stream }).catch(() => void stream.resume()));
    });
    bb.on('error', (err) => reject(Object.assign(err as Error, { status: 400 })));
    bb.on('close', () => {
      Promise.all(pending).then(() => resolve({ fields, truncated }), reject);
    });
    req.pipe(bb);
  });
}
