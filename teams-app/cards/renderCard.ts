import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CardName, CardTemplates } from './cardData.ts';

const require = createRequire(import.meta.url);
const { Template } = require('adaptivecards-templating') as {
  Template: new (payload: unknown) => { expand(context: { $root: unknown }): unknown };
};

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'cards');
const cache = new Map<CardName, { expand(context: { $root: unknown }): unknown }>();

/** An Adaptive Card as sent to Teams (plain JSON). */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/** Every card template Harbour has, by name. */
export const CARD_NAMES: CardName[] = ['newCase', 'assigned', 'meetingSlots', 'meetingBooked', 'taskAdded', 'reminder', 'digest', 'myCases', 'help', 'staleAction'];

/**
 * Expands templates/cards/<name>.json with `data` (adaptivecards-templating: `${…}`, `$data`, `$when`).
 * Cards are data, so a template change needs no code change; a binding left unexpanded is a
 * presenter bug and throws rather than showing "${…}" to a case manager.
 */
export function renderCard<N extends CardName>(name: N, data: CardTemplates[N]): AdaptiveCardJson {
  let template = cache.get(name);
  if (!template) {
    template = new Template(JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')));
    cache.set(name, template);
  }
  const card = dropNulls(template.expand({ $root: data })) as AdaptiveCardJson;
  const text = JSON.stringify(card);
  const left = /\$\{[^}]*\}/.exec(text);
  if (left) throw new Error(`Card ${name}: ${left[0]} was not expanded (missing from its data)`);
  return card;
}

/** `$when` on an object property leaves `null`; Teams rejects some of those, so they go. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
  }
  return value;
}
