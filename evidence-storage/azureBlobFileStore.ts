import type { Readable } from 'node:stream';
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { FileMissingError, type FileStore } from '../core/evidence/ports.ts';

/** Block size and parallel blocks for uploads: at most 4 MiB × 4 in memory per upload. */
const BLOCK = 4 * 1024 * 1024;
const PARALLEL = 4;

/** Anything else than ids and slashes is refused, as on the local disk. */
function checkKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(key)) throw new Error(`Not a storage key: ${key}`);
  return key;
}

/**
 * A FileStore on Azure Blob Storage, for deployments in the university's Azure. Uploads are
 * streamed as blocks and committed only once the whole stream has arrived, so a failed upload
 * leaves no blob. Configured by AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER;
 * `ready()` creates the container if missing (private: no public access).
 */
export function azureBlobFileStore(opts: { connectionString: string; container: string }): FileStore & { ready(): Promise<void>; container: ContainerClient } {
  const container = BlobServiceClient.fromConnectionString(opts.connectionString).getContainerClient(opts.container);
  return {
    container,
    async ready() {
      await container.createIfNotExists();
    },
    async put(key, body: Readable) {
      await container.getBlockBlobClient(checkKey(key)).uploadStream(body, BLOCK, PARALLEL, { blobHTTPHeaders: { blobContentType: 'application/octet-stream' } });
    },
    async get(key) {
      try {
        const res = await container.getBlobClient(checkKey(key)).download();
        return res.readableStreamBody as Readable;
      } catch (err) {
        if (err instanceof RestError && err.statusCode === 404) throw new FileMissingError(key);
        throw err;
      }
    },
    async delete(key) {
      await container.getBlobClient(checkKey(key)).deleteIfExists({ deleteSnapshots: 'include' });
    },
  };
}
