import type { Readable } from 'node:stream';

/**
 * Where evidence bytes live. The core only ever hands it ciphertext, under opaque keys
 * (`evidence/<institution>/<file id>`), so a store never holds anything readable. Adapters:
 * local disk (default) and Azure Blob Storage, in evidence-storage/.
 */
export interface FileStore {
  /** Stores the stream under `key`, replacing nothing: resolves once the bytes are durable. */
  put(key: string, body: Readable): Promise<void>;
  /** The stored bytes; fails with a FileMissingError if there is nothing under `key`. */
  get(key: string): Promise<Readable>;
  /** Removes the bytes under `key`; deleting what is already gone is not an error (retention retries). */
  delete(key: string): Promise<void>;
}

/** Thrown by FileStore.get when the key holds nothing: the caller decides whether that is a fault. */
export class FileMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored file under ${key}`);
    this.name = 'FileMissingError';
  }
}

/** What a scanner says about one file. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** Checks a file's plaintext for malware (clamd in production). */
export interface Scanner {
  /** Reads the whole stream; throws ScannerUnavailableError when the scanner can't be reached or gives no verdict. */
  scan(body: Readable): Promise<ScanVerdict>;
}

/** The scanner is down or misconfigured: the file stays pending and is scanned on a later run. */
export class ScannerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScannerUnavailableError';
  }
}
