import { z } from 'zod';
import { recordTime } from '../../core/commands/timeRecorder.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

const whole = (max: number) => z.preprocess((v) => (v === '' || v === undefined ? 0 : Number(v)), z.number().int('whole numbers only').min(0).max(max));

export const timeSchema = z
  .object({ hours: whole(24), minutes: whole(59), onDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'choose a date') })
  .refine((t) => t.hours * 60 + t.minutes > 0, { path: ['minutes'], message: 'enter the time spent' });

/** "Record time" spent on the case, for the workload view. */
export const timeAction = (deps: WorkspaceDeps) =>
  caseAction(deps, { name: 'time', schema: timeSchema, allowed: 'record_time', run: ({ core, actor, caseId, input }) => recordTime(core, actor, { caseId, minutes: input.hours * 60 + input.minutes, onDate: input.onDate }) });
