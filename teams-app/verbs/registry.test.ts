import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERBS } from './registry.ts';

const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'cards');

describe('card verb registry', () => {
  it('has exactly one handler for every Action.Execute verb the card templates use', () => {
    const used = new Set<string>();
    for (const file of fs.readdirSync(templatesDir)) {
      for (const m of fs.readFileSync(path.join(templatesDir, file), 'utf8').matchAll(/"verb":\s*"([^"]+)"/g)) used.add(m[1]!);
    }
    const registered = VERBS.map((v) => v.verb);
    assert.equal(new Set(registered).size, registered.length, 'no verb registered twice');
    assert.deepEqual([...used].sort(), [...registered].sort());
  });
});
