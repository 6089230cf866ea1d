import net from 'node:net';
import type { Readable } from 'node:stream';
import { ScannerUnavailableError, type Scanner, type ScanVerdict } from '../core/evidence/ports.ts';

const CHUNK = 64 * 1024;

export interface ClamdOptions {
  host: string;
  port: number;
  /** How long the socket may sit idle (connecting, or waiting for a verdict) before clamd counts as down. */
  timeoutMs?: number;
}

/** Reads clamd's one-line answer to INSTREAM. */
export function parseClamdReply(reply: string): ScanVerdict {
  const line = reply.replace(/\0/g, '').trim();
  if (line === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { clean: false, signature: found[1]! };
  if (/size limit exceeded/i.test(line))
    throw new ScannerUnavailableError('clamd refused the file as larger than its StreamMaxLength: set StreamMaxLength in clamd.conf to at least EVIDENCE_MAX_FILE_MB');
  throw new ScannerUnavailableError(`clamd gave no verdict: ${line.slice(0, 200) || 'an empty reply'}`);
}

/**
 * A Scanner that talks to clamd over TCP with the INSTREAM command: `zINSTREAM\0`, then the file
 * as chunks each prefixed by its length (uint32 BE), then a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND`. Writes wait for the socket to drain, so a large
 * file streams through without piling up in memory. Anything but a verdict is ScannerUnavailableError.
 */
export function clamdScanner(opts: ClamdOptions): Scanner & { ping(): Promise<boolean> } {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return {
    scan(body: Readable): Promise<ScanVerdict> {
      return new Promise<ScanVerdict>((resolve, reject) => {
        const socket = net.connect({ host: opts.host, port: opts.port });
        socket.setTimeout(timeoutMs);
        let reply = '';
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          socket.destroy();
          body.destroy();
          fn();
        };
        const verdict = () => {
          try {
            const v = parseClamdReply(reply);
            finish(() => resolve(v));
          } catch (err) {
            finish(() => reject(err));
          }
        };
        socket.on('data', (d: Buffer) => {
          reply += d.toString('utf8');
          if (reply.includes('\0')) verdict();
        });
        socket.on('end', () => (reply ? verdict() : finish(() => reject(new ScannerUnavailableError('clamd closed the connection without a verdict')))));
        socket.on('timeout', () => finish(() => reject(new ScannerUnavailableError(`clamd at ${opts.host}:${opts.port} did not answer within ${timeoutMs} ms`))));
        socket.on('error', (err) => (reply ? verdict() : finish(() => reject(new ScannerUnavailableError(`clamd at ${opts.host}:${opts.port} is unreachable: ${err.message}`)))));
        socket.on('close', () => (reply ? verdict() : finish(() => reject(new ScannerUnavailableError('clamd closed the connection without a verdict')))));
        const send = async (b: Buffer) => {
          if (socket.write(b)) return;
          await new Promise<void>((r) => {
            socket.once('drain', r);
            socket.once('close', r);
          });
        };
        socket.once('connect', async () => {
          try {
            await send(Buffer.from('zINSTREAM\0'));
            for await (const data of body) {
              const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as Uint8Array);
              for (let i = 0; i < chunk.length && !settled; i += CHUNK) {
                const part = chunk.subarray(i, i + CHUNK);
                const len = Buffer.alloc(4);
                len.writeUInt32BE(part.length);
                await send(Buffer.concat([len, part]));
              }
              if (settled) return;
            }
            await send(Buffer.alloc(4));
          } catch (err) {
            finish(() => reject(err));
          }
        });
      });
    },
    ping() {
      return new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: opts.host, port: opts.port }, () => socket.end('zPING\0'));
        socket.setTimeout(5000, () => socket.destroy());
        let reply = '';
        socket.on('data', (d: Buffer) => (reply += d.toString()));
        socket.on('close', () => resolve(reply.replace(/\0/g, '').trim() === 'PONG'));
        socket.on('error', () => undefined);
      });
    },
  };
}
