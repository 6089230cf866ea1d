-- The case workspace: an audit of institution-level changes (settings), and the indexes that keep
-- the case list, the case page, link suggestions and the workload view fast at a million cases.

-- Every settings change by an administrator: who, when, what before and after. Append-only, like
-- case_events; the ledger holds the hash of each change (never the values: they may name staff).
CREATE TABLE admin_audit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  actor text NOT NULL,
  area text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  ledger_seq bigint NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (institution_id, at DESC);
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit FOR EACH STATEMENT EXECUTE FUNCTION harbour_refuse_change();
ALTER TABLE admin_audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_audit_institution ON admin_audit USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution());
GRANT SELECT, INSERT ON admin_audit TO harbour_app;

-- Case list: newest/oldest over all cases, and over open cases only (most of a million are closed).
CREATE INDEX cases_newest ON cases (institution_id, created_at DESC, id DESC);
CREATE INDEX cases_open_newest ON cases (institution_id, created_at DESC, id DESC) WHERE status <> 'closed';
CREATE INDEX cases_due ON cases (institution_id, first_contact_due ASC NULLS LAST, id) WHERE first_contact_at IS NULL AND status <> 'closed';
CREATE INDEX cases_open_assignee ON cases (institution_id, assignee_id) WHERE status <> 'closed';
-- Place-and-time link suggestions: same campus, near in time.
CREATE INDEX cases_campus_time ON cases (institution_id, (facets->>'campus'), created_at);

-- The case page and the list's per-row referral lookup read these by case.
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_department ON referrals (institution_id, department_key, case_id);
CREATE INDEX tasks_case ON tasks (case_id);
CREATE INDEX meetings_case ON meetings (case_id);
CREATE INDEX case_links_b ON case_links (case_b);
CREATE INDEX time_entries_case ON time_entries (case_id);
-- Workload: time per case manager over recent weeks.
CREATE INDEX time_entries_staff ON time_entries (institution_id, on_date, staff_id);
