import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { captureCardScreenshots } from './cardScreenshots.ts';
import { installHints, skipOrFail } from '../../test/support/skip.ts';
import { CARD_SAMPLES } from './cardSamples.ts';

describe('Card screenshots (Adaptive Cards renderer in Chromium)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-cards-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders every sample card without renderer errors and saves a picture of each', async function () {
    const shots = await captureCardScreenshots(dir);
    if (!shots) return skipOrFail(this, installHints.chromium);
    for (const sample of CARD_SAMPLES) assert.ok(shots.some((s) => path.basename(s.file) === `card-${sample.id}.png`), sample.id);
    for (const shot of shots) {
      assert.deepEqual(shot.errors, [], path.basename(shot.file));
      const png = PNG.sync.read(fs.readFileSync(shot.file));
      assert.equal(png.width, 880, 'the 440 px card at device scale 2');
      assert.ok(png.height > 100, `${path.basename(shot.file)} has content`);
    }
  });
});
