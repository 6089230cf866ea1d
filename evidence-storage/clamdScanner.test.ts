import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ensureClamd, EICAR, HARBOUR_TEST_MALWARE, testSignatureNames } from '../test/support/clamav.ts';
import { installHints, skipOrFail } from '../test/support/skip.ts';
import { freePort } from '../test/support/net.ts';
import { ScannerUnavailableError } from '../core/evidence/ports.ts';
import { clamdScanner, parseClamdReply } from './clamdScanner.ts';

describe('clamd scanner (INSTREAM over TCP, against a real clamd)', function () {
  this.timeout(120_000);
  let scanner: ReturnType<typeof clamdScanner>;
  before(async function () {
    const address = await ensureClamd();
    if (!address) skipOrFail(this, installHints.clamav);
    scanner = clamdScanner(address);
  });

  it('answers PING', async () => assert.equal(await scanner.ping(), true));

  it('passes a clean file, even one larger than a socket buffer', async () => {
    assert.deepEqual(await scanner.scan(Readable.from([crypto.randomBytes(3 * 1024 * 1024)])), { clean: true });
  });

  it('finds EICAR and our own test signature', async () => {
    const eicar = await scanner.scan(Readable.from([EICAR]));
    assert.equal(eicar.clean, false);
    assert.match((eicar as { signature: string }).signature, new RegExp(testSignatureNames.eicar));
    const ours = await scanner.scan(Readable.from([HARBOUR_TEST_MALWARE]));
    assert.match((ours as { signature: string }).signature, new RegExp(testSignatureNames.malware));
  });

  it('says clamd is unavailable when nothing listens', async () => {
    const closed = await freePort();
    await assert.rejects(clamdScanner({ host: '127.0.0.1', port: closed }).scan(Readable.from([Buffer.from('x')])), ScannerUnavailableError);
  });
});

describe('clamd replies', () => {
  it('reads verdicts and refuses to take an error for one', () => {
    assert.deepEqual(parseClamdReply('stream: OK\0'), { clean: true });
    assert.deepEqual(parseClamdReply('stream: Win.Test.EICAR_HDB-1 FOUND\0'), { clean: false, signature: 'Win.Test.EICAR_HDB-1' });
    assert.throws(() => parseClamdReply('INSTREAM size limit exceeded. ERROR\0'), /StreamMaxLength/);
    assert.throws(() => parseClamdReply(''), ScannerUnavailableError);
  });
});
