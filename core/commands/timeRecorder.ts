import type { Core } from '../core.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { runCaseCommand } from './caseCommand.ts';
import { recordCaseEvent, recordStat } from '../record.ts';

/** Time spent on a case, for the workload view (the seed: about four hours a case). */
export async function recordTime(core: Core, actor: Actor, input: { caseId: string; minutes: number; onDate?: string }) {
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 1440)
    throw new DomainError('invalid', 'Enter the minutes spent (1 to 1440).', { minutes: 'must be between 1 and 1440' });
  if (input.onDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.onDate)) throw new DomainError('invalid', 'Enter a date.', { onDate: 'must be a date' });
  return runCaseCommand(core, actor, input.caseId, 'record_time', async ({ tx, c, at }) => {
    if (actor.kind !== 'staff') throw new DomainError('forbidden', 'Only staff record time.');
    const onDate = input.onDate ?? at.toISOString().slice(0, 10);
    await tx.query('INSERT INTO time_entries (institution_id, case_id, staff_id, minutes, on_date, created_at) VALUES ($1,$2,$3,$4,$5,$6)', [c.institutionId, c.id, actor.staffId, input.minutes, onDate, at]);
    await recordCaseEvent(tx, actor, { caseId: c.id, type: 'case.time_recorded', at, data: { minutes: input.minutes, onDate } });
    await recordStat(tx, c.institutionId, c.id, 'time_spent', at, { staffId: actor.staffId }, input.minutes);
    return { minutes: input.minutes };
  });
}
