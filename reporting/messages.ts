import type { Views } from '../web/views.ts';
import type { FieldError, FieldErrors } from './reportForm.schema.ts';

/** A lookup in the (institution's) message catalogue, with `{name}` fills. */
export type Msg = (key: string, vars?: Record<string, unknown>) => string;

export function msgFrom(views: Views): Msg {
  return (key, vars = {}) => (views.messages[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** The catalogue key naming a field in messages: `perpetrators.0.name` → `report.field.perpetrators.name`. */
export function fieldLabelKey(field: string): string {
  const parts = field.split('.');
  return `report.field.${parts.length === 3 ? `${parts[0]}.${parts[2]}` : parts[0]}`;
}

/** The id of the input that shows a field, for error-summary links and aria-describedby. */
export const fieldId = (field: string) => `f-${field.replace(/\./g, '-')}`;

/** An error in words that name the field ("Person 2, name: must be 200 characters or fewer"). */
export function errorText(msg: Msg, field: string, e: FieldError): string {
  const parts = field.split('.');
  const row = parts.length === 3 ? Number(parts[1]) + 1 : null;
  const label = msg(fieldLabelKey(field), { n: row ?? '' });
  return msg(e.key, { field: label, ...e.vars });
}

/** The error summary (links in page order) and each field's message. */
export function presentErrors(msg: Msg, errors: FieldErrors, order: string[] = []) {
  const fields = Object.keys(errors).sort((a, b) => rank(order, a) - rank(order, b));
  const byField: Record<string, string> = {};
  for (const f of fields) byField[f] = errorText(msg, f, errors[f]!);
  return { list: fields.map((f) => ({ href: `#${fieldId(f)}`, text: byField[f]! })), byField, any: fields.length > 0 };
}

function rank(order: string[], field: string): number {
  const i = order.indexOf(field.split('.')[0]!);
  return i < 0 ? 999 : i;
}
