import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Actor, StaffRole } from '../actor.ts';
import { CASE_ACTIONS, caseListScope, permittedActions, type CaseAction, type CaseState, type CaseStatus } from './casePolicy.ts';

const INST = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-0000000000aa';
const OTHER = '00000000-0000-4000-8000-0000000000bb';
const staff = (roles: StaffRole[], departmentKey: string | null = null): Actor => ({ kind: 'staff', institutionId: INST, staffId: ME, roles, departmentKey });
const caseIn = (over: Partial<CaseState> = {}): CaseState => ({
  id: '00000000-0000-4000-8000-0000000000c1', institutionId: INST, status: 'in_progress', assigneeId: ME, restrictedStaff: [], referralDepartments: [], contentDestroyed: false, ...over,
});

const WORK: CaseAction[] = ['change_status', 'add_note', 'add_task', 'message_reporter', 'refer', 'link', 'record_time', 'book_meeting', 'add_evidence', 'close'];
const sorted = (s: Iterable<CaseAction>) => [...s].sort();

/**
 * The matrix: for each role and case situation, exactly which actions are allowed. Written out in
 * full so a change to the policy shows up here as a reviewed diff.
 */
const matrix: { who: string; actor: Actor; c: CaseState; allowed: CaseAction[] }[] = [
  { who: 'case manager holding an open case', actor: staff(['case_manager']), c: caseIn(), allowed: ['view_summary', 'view_content', 'download_evidence', 'assign', ...WORK] },
  { who: 'case manager, unassigned new case', actor: staff(['case_manager']), c: caseIn({ status: 'new', assigneeId: null }), allowed: ['view_summary', 'view_content', 'download_evidence', 'claim'] },
  { who: "case manager, a colleague's case", actor: staff(['case_manager']), c: caseIn({ assigneeId: OTHER }), allowed: ['view_summary', 'view_content', 'download_evidence'] },
  { who: 'case manager, own closed case', actor: staff(['case_manager']), c: caseIn({ status: 'closed' }), allowed: ['view_summary', 'view_content', 'download_evidence', 'reopen'] },
  { who: 'case manager excluded from the case', actor: staff(['case_manager']), c: caseIn({ assigneeId: OTHER, restrictedStaff: [ME] }), allowed: [] },
  { who: "lead, a colleague's open case", actor: staff(['lead']), c: caseIn({ assigneeId: OTHER }), allowed: ['view_summary', 'view_content', 'download_evidence', 'assign', ...WORK, 'restrict', 'legal_hold', 'view_access_log'] },
  { who: 'lead, unassigned case', actor: staff(['lead']), c: caseIn({ status: 'new', assigneeId: null }), allowed: ['view_summary', 'view_content', 'download_evidence', 'claim', 'assign', ...WORK, 'restrict', 'legal_hold', 'view_access_log'] },
  { who: 'lead, closed case', actor: staff(['lead']), c: caseIn({ status: 'closed', assigneeId: OTHER }), allowed: ['view_summary', 'view_content', 'download_evidence', 'reopen', 'restrict', 'legal_hold', 'view_access_log'] },
  { who: 'lead excluded', actor: staff(['lead']), c: caseIn({ assigneeId: OTHER, restrictedStaff: [ME] }), allowed: [] },
  { who: 'lead, content destroyed by retention', actor: staff(['lead']), c: caseIn({ status: 'closed', contentDestroyed: true }), allowed: ['view_summary', 'reopen', 'restrict', 'legal_hold', 'view_access_log'] },
  { who: 'responder, case referred to their department', actor: staff(['responder'], 'security'), c: caseIn({ assigneeId: OTHER, referralDepartments: ['security'] }), allowed: ['view_referral', 'respond_referral'] },
  { who: 'responder, referral on a closed case', actor: staff(['responder'], 'security'), c: caseIn({ status: 'closed', referralDepartments: ['security'] }), allowed: ['view_referral'] },
  { who: 'responder, case referred elsewhere', actor: staff(['responder'], 'security'), c: caseIn({ referralDepartments: ['hr'] }), allowed: [] },
  { who: 'responder, excluded', actor: staff(['responder'], 'security'), c: caseIn({ referralDepartments: ['security'], restrictedStaff: [ME] }), allowed: [] },
  { who: 'administrator', actor: staff(['admin']), c: caseIn({ assigneeId: OTHER }), allowed: [] },
  { who: 'auditor', actor: staff(['auditor']), c: caseIn({ assigneeId: OTHER }), allowed: ['view_summary', 'view_content', 'view_access_log', 'legal_hold'] },
  { who: 'auditor, excluded', actor: staff(['auditor']), c: caseIn({ restrictedStaff: [ME] }), allowed: [] },
  { who: 'staff with no roles', actor: staff([]), c: caseIn(), allowed: [] },
  { who: 'staff of another institution', actor: { ...staff(['lead']), institutionId: '00000000-0000-4000-8000-000000000002' }, c: caseIn(), allowed: [] },
  { who: 'reporter, own open case', actor: { kind: 'reporter', institutionId: INST, caseId: caseIn().id }, c: caseIn(), allowed: ['reporter_view', 'reporter_add'] },
  { who: 'reporter, own closed case', actor: { kind: 'reporter', institutionId: INST, caseId: caseIn().id }, c: caseIn({ status: 'closed' }), allowed: ['reporter_view'] },
  { who: 'reporter, another case', actor: { kind: 'reporter', institutionId: INST, caseId: '00000000-0000-4000-8000-0000000000c2' }, c: caseIn(), allowed: [] },
  { who: 'reporter, content destroyed', actor: { kind: 'reporter', institutionId: INST, caseId: caseIn().id }, c: caseIn({ contentDestroyed: true }), allowed: [] },
  { who: 'public', actor: { kind: 'public', institutionId: INST }, c: caseIn(), allowed: [] },
  { who: 'system', actor: { kind: 'system', institutionId: INST, name: 'retention' }, c: caseIn(), allowed: [] },
];

describe('case policy: role × action × case state', () => {
  for (const row of matrix)
    it(row.who, () => {
      assert.deepEqual(sorted(permittedActions(row.actor, row.c)), sorted(new Set(row.allowed)));
    });

  it('denies by default: an unknown role never gains an action', () => {
    fc.assert(
      fc.property(fc.constantFrom<CaseStatus>('new', 'triaged', 'in_progress', 'awaiting_reporter', 'closed'), fc.boolean(), fc.boolean(), (status, assigned, destroyed) => {
        const actor = { ...staff([]), roles: ['janitor' as StaffRole] };
        return permittedActions(actor, caseIn({ status, assigneeId: assigned ? ME : null, contentDestroyed: destroyed })).size === 0;
      }),
    );
  });

  it('no work happens on a closed case, whoever asks', () => {
    fc.assert(
      fc.property(fc.subarray<StaffRole>(['case_manager', 'lead', 'responder', 'admin', 'auditor']), fc.boolean(), (roles, assigned) => {
        const allowed = permittedActions(staff(roles, 'security'), caseIn({ status: 'closed', assigneeId: assigned ? ME : null, referralDepartments: ['security'] }));
        return WORK.every((a) => !allowed.has(a)) && !allowed.has('claim') && !allowed.has('respond_referral');
      }),
    );
  });

  it('an excluded person gets nothing, whatever else is true', () => {
    fc.assert(
      fc.property(fc.subarray<StaffRole>(['case_manager', 'lead', 'responder', 'admin', 'auditor']), fc.constantFrom<CaseStatus>('new', 'in_progress', 'closed'), (roles, status) =>
        permittedActions(staff(roles, 'security'), caseIn({ status, restrictedStaff: [ME], referralDepartments: ['security'] })).size === 0,
      ),
    );
  });

  it('every action in the list is reachable by someone (no dead actions)', () => {
    const reached = new Set(matrix.flatMap((r) => [...permittedActions(r.actor, r.c)]));
    assert.deepEqual(CASE_ACTIONS.filter((a) => !reached.has(a)), []);
  });

  it('list scope: responders only see referred cases; others without case roles see none', () => {
    assert.match(caseListScope(staff(['responder'], 'hr'), 1).sql, /referrals/);
    assert.equal(caseListScope(staff(['admin']), 1).sql, 'false');
    assert.equal(caseListScope({ kind: 'public', institutionId: INST }, 1).sql, 'false');
  });
});
