import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes the type is judged from (zip-based documents need a few kilobytes). */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The kinds of evidence people send (photos, screenshots, documents, voice notes, videos), by the
 * MIME type their content shows, with the extension a download gets. Anything else is refused,
 * whatever its name says.
 */
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'image/tiff': 'tif',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/3gpp': '3gp',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/amr': 'amr',
  'text/plain': 'txt',
};

const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'eml', 'md', 'log']);

/** What the content turned out to be. */
export interface DetectedType {
  mime: string;
  ext: string;
  image: boolean;
}

/** Plain text has no magic bytes: accept it when the sample is valid UTF-8 with no binary control bytes. */
function looksLikeText(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  // The sample may end inside a multi-byte character: judge only up to the last complete one.
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back]!;
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  const text = sample.subarray(0, end);
  if (!text.length) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return false;
  }
  for (const b of text) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  return true;
}

/** The type shown by the leading bytes, or null when it is not a kind of evidence Harbour accepts. */
export async function detectType(sample: Buffer): Promise<DetectedType | null> {
  const found = await fileTypeFromBuffer(sample);
  const mime = found ? found.mime : looksLikeText(sample) ? 'text/plain' : null;
  if (!mime || !(mime in ALLOWED)) return null;
  return { mime, ext: ALLOWED[mime]!, image: mime.startsWith('image/') };
}

/**
 * A name that is safe to show and to save: no folders, no control or reserved characters, at
 * most 120 characters, with the extension of what the content really is (a PDF named photo.jpg
 * becomes photo.pdf), so the file opens in the right program.
 */
export function sanitiseName(original: string, type: DetectedType): string {
  const base = original.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).replace(/[\s.]+$/g, '').slice(0, 100) || 'evidence';
  const keepExt = type.mime === 'text/plain' ? (TEXT_EXTENSIONS.has(ext) ? ext : type.ext) : ext === type.ext || (type.ext === 'jpg' && ext === 'jpeg') ? ext : type.ext;
  return `${stem}.${keepExt}`;
}

/** The accepted types, for the upload form's `accept` hint and its help text. */
export const ACCEPTED_EXTENSIONS = [...new Set(Object.values(ALLOWED)), 'jpeg', 'csv', 'eml'].map((e) => `.${e}`);
