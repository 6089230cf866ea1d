import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adaptiveCardProblems } from './cardParser.ts';
import { CARD_SAMPLES } from './cardSamples.ts';
import { CARD_NAMES, renderCard } from './renderCard.ts';

const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'cards');

describe('Adaptive Card templates', () => {
  it('every template file is known and has at least one sample', () => {
    const files = fs.readdirSync(templatesDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual([...files].sort(), [...CARD_NAMES].sort());
    for (const name of CARD_NAMES) assert.ok(CARD_SAMPLES.some((s) => s.template === name), `a sample for ${name}`);
  });

  for (const sample of CARD_SAMPLES) {
    it(`${sample.id}: expands from templates/cards/${sample.template}.json and parses without errors`, () => {
      const card = renderCard(sample.template, sample.data as never);
      assert.equal(card.type, 'AdaptiveCard');
      assert.equal(card.version, '1.5');
      assert.doesNotMatch(JSON.stringify(card), /\$\{/);
      assert.deepEqual(adaptiveCardProblems(card), []);
    });
  }

  it('the parser does report a broken card (so the checks above mean something)', () => {
    const problems = adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nonsense' }, { type: 'Input.Text' }] });
    assert.ok(problems.length >= 2, problems.join('; '));
  });

  it('refuses to send a card whose data lacks a binding', () => {
    assert.throws(() => renderCard('help', {} as never), /listUrl|not expanded/);
  });

  it('shows only the actions the data permits', () => {
    const lead = CARD_SAMPLES.find((s) => s.id === 'new-case-lead')!;
    const titles = (c: Record<string, unknown>) => (c.actions as { title: string }[]).map((a) => a.title);
    assert.deepEqual(titles(renderCard('newCase', lead.data as never)), ['Claim', 'Assign to…', 'Open']);
    const claimed = CARD_SAMPLES.find((s) => s.id === 'new-case-claimed')!;
    assert.deepEqual(titles(renderCard('newCase', claimed.data as never)), ['Open']);
  });
});
