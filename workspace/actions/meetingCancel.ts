import { z } from 'zod';
import { cancelMeeting } from '../../core/commands/meetingBooker.ts';
import { DomainError } from '../../core/errors.ts';
import { OfficeError } from '../../core/ports/officeError.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { caseAction } from './caseAction.ts';

export const meetingCancelSchema = z.object({ meetingId: z.uuid() });

/** "Cancel meeting": cancelled in the calendar (attendees are told) and recorded on the case. */
export const meetingCancelAction = (deps: WorkspaceDeps) =>
  caseAction(deps, {
    name: 'meeting-cancel',
    schema: meetingCancelSchema,
    allowed: 'book_meeting',
    run: ({ core, actor, caseId, input }) => {
      if (!deps.calendar) throw new DomainError('conflict', 'Meetings cannot be changed here: no calendar is connected.');
      return cancelMeeting(core, deps.calendar, actor, { caseId, meetingId: input.meetingId }).catch((err: unknown) => {
        throw err instanceof OfficeError ? new DomainError('conflict', err.message) : err;
      });
    },
  });
