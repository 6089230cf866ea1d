import assert from 'node:assert/strict';
import net from 'node:net';
import { ensureClamd, EICAR, HARBOUR_TEST_MALWARE, ping, testSignatureNames, type ClamdAddress } from './clamav.ts';
import { installHints, skipOrFail } from './skip.ts';

/** clamd's INSTREAM, written out by hand: chunks of <u32 big-endian length><bytes>, then a zero length. */
function instream(address: ClamdAddress, bytes: Buffer, chunkSize = 4096): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address, () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < bytes.length; at += chunkSize) {
        const chunk = bytes.subarray(at, at + chunkSize);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(chunk.length);
        socket.write(size);
        socket.write(chunk);
      }
      socket.end(Buffer.alloc(4));
    });
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.on('end', () => resolve(reply.replace(/\0$/, '')));
    socket.on('error', reject);
  });
}

describe('test support: clamd with test signatures', () => {
  let clamd: ClamdAddress;

  before(async function () {
    this.timeout(10 * 60_000);
    const address = await ensureClamd();
    if (!address) skipOrFail(this, installHints.clamav);
    clamd = address;
  });

  it('answers PING', async () => {
    assert.equal(await ping(clamd), 'PONG');
  });

  it('reports the EICAR test file', async () => {
    assert.equal(await instream(clamd, EICAR), `stream: ${testSignatureNames.eicar}.UNOFFICIAL FOUND`);
  });

  it('reports EICAR split across chunks inside a larger file', async () => {
    const file = Buffer.concat([Buffer.alloc(10_000, 'a'), EICAR, Buffer.alloc(10_000, 'b')]);
    assert.match(await instream(clamd, file, 4099), /FOUND$/);
  });

  it('reports Harbour test malware by its MD5 signature', async () => {
    assert.equal(await instream(clamd, HARBOUR_TEST_MALWARE), `stream: ${testSignatureNames.malware}.UNOFFICIAL FOUND`);
  });

  it('passes clean bytes, including the malware sample with one byte changed', async () => {
    assert.equal(await instream(clamd, Buffer.from('%PDF-1.7\nan ordinary statement\n')), 'stream: OK');
    const altered = Buffer.from(HARBOUR_TEST_MALWARE);
    altered[0] = altered[0]! ^ 1;
    assert.equal(await instream(clamd, altered), 'stream: OK');
  });
});
