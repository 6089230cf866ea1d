import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ParseEvent {
  message: string;
}
interface AdaptiveCardsLib {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: ParseEvent[] } };
  SerializationContext: new (targetVersion?: unknown) => { eventCount: number; getEventAt(i: number): ParseEvent };
  Versions: Record<string, unknown>;
}

// The package's main entry is extensionless ESM that Node cannot load; its UMD build parses without a DOM.
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLib;

/**
 * Parses a card with Microsoft's Adaptive Cards library for schema 1.5 (what Teams renders) and
 * returns every warning and error it reports: unknown elements, bad property values, invalid ids.
 */
export function adaptiveCardProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}
