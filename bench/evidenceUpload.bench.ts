import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { makeCore, makeInstitution, publicActor, sampleReport } from '../test/factories.ts';
import { DEFAULT_LIMITS } from '../core/evidence/limits.ts';
import type { EvidenceDeps } from '../core/evidence/deps.ts';
import { stageUpload } from '../core/evidence/evidenceUploader.ts';
import { attachStagedFiles, submitterActor } from '../core/evidence/evidenceAttacher.ts';
import { localFileStore } from '../evidence-storage/localFileStore.ts';
import { parseUpload } from '../evidence-storage/web/upload.ts';
import { fmt, type Row } from './measure.ts';

const MB = 1_000_000;
const CHUNK = 64 * 1024;

/** `total` bytes of incompressible data as 64 KiB chunks, cut from one 1 MiB block (the source holds 1 MiB, not the file). */
function source(total: number, block: Buffer): Readable {
  return Readable.from((function* () {
    for (let sent = 0; sent < total; sent += CHUNK) {
      const at = sent % block.length;
      yield block.subarray(at, Math.min(at + CHUNK, block.length, at + total - sent));
    }
  })(), { objectMode: false });
}

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection before each measurement, so RSS growth belongs to what is measured. */
const gc = vm.runInNewContext('gc') as () => void;

/** Runs `fn`, sampling RSS every 5 ms; returns seconds taken and the peak RSS above the start, in MB. */
async function measured(fn: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  gc();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const t = performance.now();
  await fn();
  const seconds = (performance.now() - t) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, peakMb: (peak - start) / (1024 * 1024) };
}

/** Raw AES-256-GCM over the bytes, output discarded: the floor any encrypted upload sits on. */
function rawGcm(total: number, block: Buffer): Promise<void> {
  const cipher = crypto.createCipheriv('aes-256-gcm', crypto.randomBytes(32), crypto.randomBytes(12));
  return pipeline(source(total, block), cipher, new Writable({ write: (_c, _e, cb) => cb() }));
}

/** A multipart/form-data body with one file part, streamed. */
function multipart(total: number, block: Buffer, boundary: string): Readable {
  return Readable.from((async function* () {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    yield* source(total, block);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  })());
}

/**
 * A 100 MB evidence upload through Harbour (type sniffing, SHA-256, AES-256-GCM frames, write to
 * disk, ledger entry), in the core and over HTTP multipart, beside raw AES-256-GCM over the same
 * bytes in the same run: throughput (MB/s) and peak RSS growth (MB), which shows the file is
 * streamed rather than held.
 */
export async function benchEvidenceUpload(opts: { megabytes?: number } = {}): Promise<Row[]> {
  const total = (opts.megabytes ?? 100) * MB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-evidence-'));
  const db = await openPglite('memory://');
  await migrate(db);
  const core = makeCore(db);
  const inst = await makeInstitution(core);
  const deps: EvidenceDeps = { core, store: localFileStore(path.join(dir, 'files')), limits: { ...DEFAULT_LIMITS, maxFileBytes: total + MB, maxCaseBytes: 4 * total } };
  // An MP4 header, so the type check passes as it would for a phone video; the rest random.
  const block = crypto.randomBytes(1024 * 1024);
  Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex').copy(block);
  const rows: Row[] = [];
  // Warm up both paths (JIT, file-type, PGlite) on 10 MB so neither figure carries first-use costs.
  const warm = await submitReport(core, publicActor(inst.id), sampleReport());
  await rawGcm(10 * MB, block);
  await attachStagedFiles(deps, submitterActor(inst.id, warm.caseId), warm.caseId, [await stageUpload(deps, publicActor(inst.id), { name: 'warm.mp4', stream: source(10 * MB, block) })]);

  const raw = await measured(() => rawGcm(total, block));
  const submitted = await submitReport(core, publicActor(inst.id), sampleReport());
  const reporter = submitterActor(inst.id, submitted.caseId);
  const direct = await measured(async () => {
    const staged = await stageUpload(deps, publicActor(inst.id), { name: 'video.mp4', stream: source(total, block) });
    await attachStagedFiles(deps, reporter, submitted.caseId, [staged]);
  });

  const app = express();
  app.post('/upload', async (req, res) => {
    const up = await parseUpload(req, deps, reporter);
    await attachStagedFiles(deps, reporter, submitted.caseId, up.staged);
    res.json({ files: up.staged.length, refused: up.refused.length });
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  const raw2 = await measured(() => rawGcm(total, block));
  const overHttp = await measured(
    () =>
      new Promise<void>((resolve, reject) => {
        const boundary = `harbour${crypto.randomBytes(8).toString('hex')}`;
        const req = http.request({ host: '127.0.0.1', port, path: '/upload', method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => (res.statusCode === 200 && JSON.parse(body).files === 1 ? resolve() : reject(new Error(`upload failed: ${res.statusCode} ${body}`))));
        });
        req.on('error', reject);
        multipart(total, block, boundary).pipe(req);
      }),
  );
  await new Promise((r) => server.close(r));

  const mbps = (s: number) => total / MB / s;
  const row = (name: string, m: { seconds: number; peakMb: number }, base: { seconds: number; peakMb: number }) =>
    rows.push(
      { name: `${name}: throughput`, value: `${fmt(mbps(m.seconds))} MB/s`, baseline: `${fmt(mbps(base.seconds))} MB/s raw AES-256-GCM`, ratio: fmt(mbps(m.seconds) / mbps(base.seconds), 2) },
      { name: `${name}: peak extra RSS`, value: `${fmt(m.peakMb)} MB`, baseline: `${fmt(base.peakMb)} MB raw AES-256-GCM`, ratio: fmt(m.peakMb / Math.max(base.peakMb, 0.1), 2) },
    );
  row(`evidence upload ${total / MB} MB (core: sniff, SHA-256, GCM frames, disk, ledger)`, direct, raw);
  row(`evidence upload ${total / MB} MB over HTTP multipart (busboy + the same)`, overHttp, raw2);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}
