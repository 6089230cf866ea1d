import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { freePort, portAnswers } from '../test/support/net.ts';
import { FileMissingError, type FileStore } from '../core/evidence/ports.ts';
import { localFileStore } from './localFileStore.ts';
import { azureBlobFileStore } from './azureBlobFileStore.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Azurite's published development account (the well-known emulator key, not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The same promises from every FileStore adapter. */
function behavesLikeAFileStore(name: string, make: () => Promise<FileStore>) {
  describe(name, function () {
    this.timeout(60_000);
    let store: FileStore;
    before(async () => (store = await make()));

    it('stores a stream larger than one block and gives the same bytes back', async () => {
      const bytes = crypto.randomBytes(9 * 1024 * 1024 + 17);
      await store.put('evidence/inst/one', Readable.from((function* () {
        for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
      })()));
      assert.ok((await buffer(await store.get('evidence/inst/one'))).equals(bytes));
    });

    it('leaves nothing under the key when the stream fails half-way', async () => {
      const failing = new Readable({
        read() {
          this.push(crypto.randomBytes(1024 * 1024));
          if (this.readableLength > 0) this.destroy(new Error('the client went away'));
        },
      });
      await assert.rejects(store.put('evidence/inst/broken', failing));
      await assert.rejects(store.get('evidence/inst/broken'), FileMissingError);
    });

    it('deletes, and deleting again is not an error', async () => {
      await store.put('evidence/inst/two', Readable.from([Buffer.from('x')]));
      await store.delete('evidence/inst/two');
      await store.delete('evidence/inst/two');
      await assert.rejects(store.get('evidence/inst/two'), FileMissingError);
    });

    it('refuses keys that could leave its space', async () => {
      await assert.rejects(store.put('../escape', Readable.from([Buffer.from('x')])), /Not a storage key/);
    });
  });
}

describe('FileStore adapters', () => {
  const dirs: string[] = [];
  let azurite: ChildProcess | undefined;
  after(async () => {
    azurite?.kill('SIGTERM');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  behavesLikeAFileStore('local disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-files-'));
    dirs.push(dir);
    return localFileStore(dir);
  });

  behavesLikeAFileStore('Azure Blob Storage (Azurite)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-azurite-'));
    dirs.push(dir);
    const port = await freePort();
    azurite = spawn(path.join(root, 'node_modules/.bin/azurite-blob'), ['--silent', '--location', dir, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck'], { stdio: 'ignore' });
    while (!(await portAnswers(port))) await new Promise((r) => setTimeout(r, 100));
    const store = azureBlobFileStore({
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
      container: 'harbour-evidence',
    });
    await store.ready();
    return store;
  });
});
