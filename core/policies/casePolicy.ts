import type { Actor, StaffRole } from '../actor.ts';

/** What can be done to a case. Presenters list the permitted ones; handlers check again. */
export const CASE_ACTIONS = [
  'view_summary',
  'view_content',
  'claim',
  'assign',
  'change_status',
  'add_note',
  'add_task',
  'message_reporter',
  'refer',
  'link',
  'record_time',
  'book_meeting',
  'add_evidence',
  'download_evidence',
  'close',
  'reopen',
  'restrict',
  'legal_hold',
  'view_access_log',
  'view_referral',
  'respond_referral',
  'reporter_view',
  'reporter_add',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseStatus = 'new' | 'triaged' | 'in_progress' | 'awaiting_reporter' | 'closed';

/** The facts about a case that decisions depend on (no content). */
export interface CaseState {
  id: string;
  institutionId: string;
  status: CaseStatus;
  assigneeId: string | null;
  restrictedStaff: string[];
  referralDepartments: string[];
  contentDestroyed: boolean;
}

const WORK: CaseAction[] = ['change_status', 'add_note', 'add_task', 'message_reporter', 'refer', 'link', 'record_time', 'book_meeting', 'add_evidence', 'close'];

const has = (roles: StaffRole[], role: StaffRole) => roles.includes(role);

/**
 * Every action the actor may take on the case; deny by default. A staff member excluded from a
 * restricted case gets nothing at all, whatever their roles.
 */
export function permittedActions(actor: Actor, c: CaseState): Set<CaseAction> {
  const out = new Set<CaseAction>();
  if (actor.institutionId !== c.institutionId) return out;
  if (actor.kind === 'reporter') {
    if (actor.caseId !== c.id || c.contentDestroyed) return out;
    out.add('reporter_view');
    if (c.status !== 'closed') out.add('reporter_add');
    return out;
  }
  if (actor.kind !== 'staff' || c.restrictedStaff.includes(actor.staffId)) return out;
  const { roles } = actor;
  const open = c.status !== 'closed';
  const readable = !c.contentDestroyed;
  const manager = has(roles, 'case_manager') || has(roles, 'lead');

  if (manager) {
    out.add('view_summary');
    if (readable) out.add('view_content').add('download_evidence');
    const holds = c.assigneeId === actor.staffId;
    if (open && !c.assigneeId) out.add('claim');
    if (open && (has(roles, 'lead') || holds)) out.add('assign');
    if (open && readable && (holds || has(roles, 'lead'))) for (const a of WORK) out.add(a);
    if (!open && (holds || has(roles, 'lead'))) out.add('reopen');
    if (has(roles, 'lead')) out.add('restrict').add('legal_hold').add('view_access_log');
  }
  if (has(roles, 'responder') && actor.departmentKey && c.referralDepartments.includes(actor.departmentKey)) {
    out.add('view_referral');
    if (open) out.add('respond_referral');
  }
  if (has(roles, 'auditor')) {
    out.add('view_summary').add('view_access_log').add('legal_hold');
    if (readable) out.add('view_content');
  }
  return out;
}

export function can(actor: Actor, action: CaseAction, c: CaseState): boolean {
  return permittedActions(actor, c).has(action);
}

/**
 * The list scope: a SQL condition on `cases c` (and its parameters, numbered from `firstParam`)
 * selecting exactly the cases the actor may see in a list. Used by the tab, the bot and exports.
 */
export function caseListScope(actor: Actor, firstParam: number): { sql: string; params: unknown[] } {
  if (actor.kind !== 'staff') return { sql: 'false', params: [] };
  const p = (n: number) => `$${firstParam + n}`;
  const notExcluded = `NOT (${p(0)}::uuid = ANY(c.restricted_staff))`;
  const roles = actor.roles;
  if (has(roles, 'case_manager') || has(roles, 'lead') || has(roles, 'auditor')) return { sql: notExcluded, params: [actor.staffId] };
  if (has(roles, 'responder') && actor.departmentKey)
    return {
      sql: `${notExcluded} AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.department_key = ${p(1)})`,
      params: [actor.staffId, actor.departmentKey],
    };
  return { sql: 'false', params: [] };
}

/** Institution-level permissions (settings, statistics, audit) for staff. */
export type InstitutionAction = 'manage_settings' | 'view_statistics' | 'view_workload' | 'review_access' | 'subject_requests' | 'list_cases';

export function canInInstitution(actor: Actor, action: InstitutionAction): boolean {
  if (actor.kind !== 'staff') return false;
  const r = actor.roles;
  switch (action) {
    case 'manage_settings':
      return has(r, 'admin');
    case 'view_statistics':
      return has(r, 'admin') || has(r, 'lead') || has(r, 'auditor') || has(r, 'case_manager');
    case 'view_workload':
      return has(r, 'lead');
    case 'review_access':
    case 'subject_requests':
      return has(r, 'auditor') || has(r, 'admin');
    case 'list_cases':
      return has(r, 'case_manager') || has(r, 'lead') || has(r, 'auditor') || has(r, 'responder');
  }
}
