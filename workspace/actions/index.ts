import type { RequestHandler } from 'express';
import type { WorkspaceDeps } from '../deps.ts';
import { claimAction } from './claim.ts';
import { assignAction } from './assign.ts';
import { statusAction } from './status.ts';
import { closeAction } from './close.ts';
import { reopenAction } from './reopen.ts';
import { noteAction } from './note.ts';
import { messageAction } from './message.ts';
import { contactAction } from './contact.ts';
import { taskAction } from './task.ts';
import { taskDoneAction } from './taskDone.ts';
import { referAction } from './refer.ts';
import { respondAction } from './respond.ts';
import { linkAction, linkDismissAction } from './link.ts';
import { timeAction } from './time.ts';
import { restrictAction } from './restrict.ts';
import { legalHoldAction } from './legalHold.ts';
import { meetingCancelAction } from './meetingCancel.ts';

/** Every action on the case page, registered in one list: POST /tab/cases/:id/NAME. */
export function caseActions(deps: WorkspaceDeps): [string, RequestHandler][] {
  return [
    ['claim', claimAction(deps)],
    ['assign', assignAction(deps)],
    ['status', statusAction(deps)],
    ['close', closeAction(deps)],
    ['reopen', reopenAction(deps)],
    ['note', noteAction(deps)],
    ['message', messageAction(deps)],
    ['contact', contactAction(deps)],
    ['task', taskAction(deps)],
    ['task-done', taskDoneAction(deps)],
    ['refer', referAction(deps)],
    ['respond', respondAction(deps)],
    ['link', linkAction(deps)],
    ['link-dismiss', linkDismissAction(deps)],
    ['time', timeAction(deps)],
    ['restrict', restrictAction(deps)],
    ['legal-hold', legalHoldAction(deps)],
    ['meeting-cancel', meetingCancelAction(deps)],
  ];
}
