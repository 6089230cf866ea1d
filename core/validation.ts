import type { z } from 'zod';
import { DomainError } from './errors.ts';

/** Parses with a zod schema; a failure becomes one DomainError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const field = issue.path.join('.') || 'form';
    details[field] ??= issue.message;
  }
  throw new DomainError('invalid', `Please check: ${Object.keys(details).join(', ')}`, details);
}
