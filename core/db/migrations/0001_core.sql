-- Harbour's core schema. Every row belongs to an institution; the role harbour_app sees only the
-- institution named by the transaction setting harbour.institution_id (row-level security).
-- Request paths run as harbour_app; migrations, operator commands and jobs run as the owner.

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'harbour_app') THEN CREATE ROLE harbour_app NOLOGIN; END IF;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role(current_user, 'harbour_app', 'MEMBER') THEN EXECUTE format('GRANT harbour_app TO %I', current_user); END IF;
END $$;

CREATE OR REPLACE FUNCTION harbour_institution() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('harbour.institution_id', true), '')::uuid
$$;

CREATE OR REPLACE FUNCTION harbour_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: a record, once written, is never changed or deleted (evidence)', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE institutions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  reference_prefix text NOT NULL DEFAULT 'HR',
  settings jsonb NOT NULL DEFAULT '{}',
  match_key bytea,
  match_master_key_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE institution_keys (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  key_id text NOT NULL,
  public_key text NOT NULL,
  private_key bytea NOT NULL,
  master_key_id text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, key_id)
);

CREATE TABLE options (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('category','characteristic','campus','building','department','outcome','platform')),
  key text NOT NULL,
  label text NOT NULL,
  parent_key text,
  description text,
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (institution_id, kind, key)
);

CREATE TABLE staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  email text NOT NULL,
  display_name text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  department_key text,
  entra_object_id text,
  weekly_hours numeric NOT NULL DEFAULT 7.5,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_id, email)
);

CREATE TABLE support_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  audience text[] NOT NULL DEFAULT '{students,staff}',
  categories text[] NOT NULL DEFAULT '{}',
  internal boolean NOT NULL DEFAULT true,
  phone text, email text, url text, hours text,
  campus_key text,
  sort integer NOT NULL DEFAULT 0,
  last_reviewed_at date NOT NULL DEFAULT current_date,
  reviewed_by text NOT NULL DEFAULT ''
);

CREATE TABLE reference_counters (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  year integer NOT NULL,
  last integer NOT NULL DEFAULT 0,
  PRIMARY KEY (institution_id, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  reference text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('anonymous','named_record','adviser')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','triaged','in_progress','awaiting_reporter','closed')),
  outcome text,
  assignee_id uuid REFERENCES staff(id),
  facets jsonb NOT NULL DEFAULT '{}',
  first_contact_due date,
  first_contact_at timestamptz,
  restricted_staff uuid[] NOT NULL DEFAULT '{}',
  followup_hash text,
  submission_key text,
  match_keys text[] NOT NULL DEFAULT '{}',
  legal_hold boolean NOT NULL DEFAULT false,
  content_destroyed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (institution_id, reference)
);
CREATE UNIQUE INDEX cases_submission_key ON cases (institution_id, submission_key);
CREATE INDEX cases_match_keys ON cases USING gin (match_keys);
CREATE INDEX cases_list ON cases (institution_id, status, created_at DESC, id);
CREATE INDEX cases_assignee ON cases (institution_id, assignee_id, created_at DESC);

-- Equality monitoring answers, kept apart from reports: no case id, only the month, for statistics.
CREATE TABLE equality_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  month date NOT NULL,
  answers jsonb NOT NULL
);

CREATE TABLE case_keys (
  case_id uuid PRIMARY KEY REFERENCES cases(id),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  wrapped_key bytea NOT NULL,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
  submitted_at timestamptz NOT NULL,
  channel text NOT NULL,
  content bytea NOT NULL,
  content_hash text NOT NULL,
  ledger_seq bigint NOT NULL
);
CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change();
CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports FOR EACH STATEMENT EXECUTE FUNCTION harbour_refuse_change();

CREATE TABLE case_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  type text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL DEFAULT '{}',
  secret bytea,
  secret_hash text,
  ledger_seq bigint NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, at);
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION harbour_refuse_change();

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  title bytea NOT NULL,
  due_on date NOT NULL,
  assignee_id uuid REFERENCES staff(id),
  created_by uuid REFERENCES staff(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  done_by uuid REFERENCES staff(id)
);
CREATE INDEX tasks_due ON tasks (institution_id, due_on) WHERE done_at IS NULL;

CREATE TABLE case_links (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_a uuid NOT NULL REFERENCES cases(id),
  case_b uuid NOT NULL REFERENCES cases(id),
  reason text NOT NULL CHECK (reason IN ('same_reporter','same_perpetrator','related','place_and_time')),
  status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('suggested','confirmed','dismissed')),
  created_by uuid REFERENCES staff(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_a, case_b),
  CHECK (case_a < case_b)
);

CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  department_key text NOT NULL,
  shared text[] NOT NULL,
  basis text NOT NULL,
  summary bytea NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
  created_by uuid NOT NULL REFERENCES staff(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);

CREATE TABLE time_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  staff_id uuid NOT NULL REFERENCES staff(id),
  minutes integer NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  on_date date NOT NULL DEFAULT current_date,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  staff_id uuid NOT NULL REFERENCES staff(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  mode text NOT NULL CHECK (mode IN ('teams','in_person','phone')),
  room text,
  external_id text,
  join_url text,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','cancelled')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE access_log (
  id bigserial PRIMARY KEY,
  institution_id uuid NOT NULL REFERENCES institutions(id),
  staff_id uuid NOT NULL REFERENCES staff(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  what text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_case ON access_log (case_id, at);
CREATE INDEX access_log_staff ON access_log (institution_id, staff_id, at);

CREATE TABLE ledger_heads (
  institution_id uuid PRIMARY KEY REFERENCES institutions(id),
  seq bigint NOT NULL,
  hash text NOT NULL
);

CREATE TABLE ledger_entries (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  seq bigint NOT NULL,
  body text NOT NULL,
  hash text NOT NULL,
  case_id uuid,
  PRIMARY KEY (institution_id, seq)
);
CREATE INDEX ledger_case ON ledger_entries (case_id, seq);
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION harbour_refuse_change();

CREATE TABLE ledger_checkpoints (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  seq bigint NOT NULL,
  hash text NOT NULL,
  key_id text NOT NULL,
  signed_at timestamptz NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (institution_id, seq)
);
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change();

CREATE TABLE reporting_events (
  id bigserial PRIMARY KEY,
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  facets jsonb NOT NULL DEFAULT '{}',
  value numeric
);
CREATE INDEX reporting_events_type ON reporting_events (institution_id, type, at);

CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  processed_at timestamptz,
  done_listeners text[] NOT NULL DEFAULT '{}',
  last_error text
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL;

CREATE TABLE sent_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  institution_id uuid NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('staff','reporter')),
  subject_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE followup_guards (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  reference_hash text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  PRIMARY KEY (institution_id, reference_hash)
);

-- Row-level security: the same policy on every institution-owned table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['institution_keys','options','staff','support_services','reference_counters','cases',
    'case_keys','reports','case_events','tasks','case_links','referrals','time_entries','meetings','access_log',
    'equality_responses','ledger_heads','ledger_entries','ledger_checkpoints','reporting_events','outbox','sent_messages','sessions','followup_guards']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution())', t || '_institution', t);
  END LOOP;
END $$;
ALTER TABLE institutions ENABLE ROW LEVEL SECURITY;
CREATE POLICY institutions_self ON institutions USING (id = harbour_institution());

GRANT USAGE ON SCHEMA public TO harbour_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO harbour_app;
GRANT SELECT ON institutions, institution_keys, ledger_heads TO harbour_app;
GRANT SELECT, INSERT ON equality_responses, reports, case_events, ledger_entries, ledger_checkpoints, access_log, reporting_events, sent_messages, case_keys TO harbour_app;
GRANT SELECT, INSERT, UPDATE ON cases, tasks, case_links, referrals, meetings, outbox, reference_counters, ledger_heads TO harbour_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON options, staff, support_services, time_entries, sessions, followup_guards TO harbour_app;
GRANT UPDATE (name, settings) ON institutions TO harbour_app;
