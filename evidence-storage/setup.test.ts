import assert from 'node:assert/strict';
import { evidenceSettings } from './setup.ts';

describe('evidence settings from the environment', () => {
  it('defaults to the local disk with 100 MB files, 500 MB per case, 10 files at a time', () => {
    assert.deepEqual(evidenceSettings({}), { store: 'local', azureConnectionString: undefined, azureContainer: 'harbour-evidence', maxFileMb: 100, maxCaseMb: 500, maxFiles: 10 });
  });

  it('names the variable that is wrong', () => {
    assert.throws(() => evidenceSettings({ EVIDENCE_MAX_FILE_MB: 'lots' }), /EVIDENCE_MAX_FILE_MB/);
    assert.throws(() => evidenceSettings({ EVIDENCE_STORE: 's3' }), /EVIDENCE_STORE/);
    assert.throws(() => evidenceSettings({ EVIDENCE_STORE: 'azure' }), /AZURE_STORAGE_CONNECTION_STRING/);
    assert.equal(evidenceSettings({ EVIDENCE_STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).store, 'azure');
  });
});
