import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.ts';

/** Where a clamd listens. */
export interface ClamdAddress {
  host: string;
  port: number;
}

/**
 * The EICAR anti-virus test file, which every scanner must report. Assembled at run time so this
 * source file is not itself quarantined by a developer's scanner.
 */
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!$H+H*'].join(''));

/** Harmless bytes that our test clamd reports as malware (an MD5 signature), for upload tests. */
export const HARBOUR_TEST_MALWARE = Buffer.from('Harbour test malware sample. Harmless; matched by MD5 in the test signatures.\n');

/** The names clamd reports for the two test files (it appends .UNOFFICIAL to signatures of ours). */
export const testSignatureNames = { eicar: 'Harbour.Test.EICAR', malware: 'Harbour.Test.Malware' } as const;

const clamdPath = process.env.CLAMD_PATH ?? '/usr/sbin/clamd';
let pending: Promise<ClamdAddress | null> | undefined;

/**
 * A running clamd for tests, so upload scanning is proven against the real daemon. CLAMAV_HOST
 * (and CLAMAV_PORT, default 3310) wins; else clamd is started (installed first with apt-get if root
 * and missing) with only our test signatures, since freshclam can't reach its mirror here, and
 * stopped when this process exits. Null when there is no clamd: the caller skips, or fails in CI.
 */
export function ensureClamd(): Promise<ClamdAddress | null> {
  pending ??= provision();
  return pending;
}

async function provision(): Promise<ClamdAddress | null> {
  if (process.env.CLAMAV_HOST) return { host: process.env.CLAMAV_HOST, port: Number(process.env.CLAMAV_PORT ?? 3310) };
  if (!fs.existsSync(clamdPath)) {
    if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) return null;
    await aptInstall('clamav-daemon');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-clamd-'));
  const port = await freePort();
  writeSignatures(path.join(dir, 'db'));
  const conf = path.join(dir, 'clamd.conf');
  fs.writeFileSync(
    conf,
    [
      `DatabaseDirectory ${path.join(dir, 'db')}`,
      `TemporaryDirectory ${dir}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      `TCPAddr 127.0.0.1`,
      `TCPSocket ${port}`,
      'Foreground yes',
      'StreamMaxLength 100M',
      '',
    ].join('\n'),
  );
  const child = spawn(clamdPath, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  process.once('exit', () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const address = { host: '127.0.0.1', port };
  await waitForPong(address, child, () => `${stderr}\n${readLog(dir)}`);
  return address;
}

function writeSignatures(dbDir: string): void {
  fs.mkdirSync(dbDir, { recursive: true });
  // .ndb body signature: Name:TargetType(0 = any file):Offset(* = anywhere):HexBytes
  fs.writeFileSync(path.join(dbDir, 'harbour-test.ndb'), `${testSignatureNames.eicar}:0:*:${EICAR.toString('hex')}\n`);
  // .hdb hash signature: MD5:Size:Name
  const md5 = createHash('md5').update(HARBOUR_TEST_MALWARE).digest('hex');
  fs.writeFileSync(path.join(dbDir, 'harbour-test.hdb'), `${md5}:${HARBOUR_TEST_MALWARE.length}:${testSignatureNames.malware}\n`);
}

function aptInstall(pkg: string): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, _out, stderr) =>
        err ? reject(new Error(`apt-get ${args.join(' ')} failed:\n${stderr}`)) : resolve(),
      ),
    );
  const install = () => run(['install', '-y', '-q', '--no-install-recommends', pkg]);
  return install().catch(() => run(['update', '-q']).then(install));
}

async function waitForPong(address: ClamdAddress, child: ChildProcess, details: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`clamd exited (${child.exitCode ?? child.signalCode}) before answering:\n${details()}`);
    }
    if ((await ping(address).catch(() => '')) === 'PONG') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends clamd's PING command; it answers PONG once its signatures are loaded. */
export function ping(address: ClamdAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address, () => socket.end('zPING\0'));
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.on('end', () => resolve(reply.replace(/\0$/, '')));
    socket.on('error', reject);
  });
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'clamd.log'), 'utf8');
  } catch {
    return '';
  }
}
