-- Insight and data protection: monthly statistics rollups kept as reporting rows arrive, the
-- register of published statistics (so a later release cannot be differenced against an earlier
-- one), retention runs and what they destroyed, subject rights requests, and access alerts.

-- The dimensions a reporting row is counted under: '*' is the row itself; multi-valued facets
-- (categories, characteristics, wants, perpetrator relations) count once per distinct value;
-- 'hours'/'days' are whole-unit histograms so medians need no raw rows.
CREATE OR REPLACE FUNCTION harbour_stat_dims(kind text, f jsonb, v numeric) RETURNS TABLE (dim text, val text) LANGUAGE sql IMMUTABLE AS $$
  SELECT '*'::text, '*'::text
  UNION ALL
  SELECT x.dim, x.val FROM (VALUES
    ('kind', f->>'kind'), ('capacity', f->>'capacity'), ('connection', f->>'connection'), ('channel', f->>'channel'), ('ongoing', f->>'ongoing'),
    ('consent', CASE WHEN (f->>'consentToShare')::boolean THEN 'yes' ELSE 'no' END),
    ('location', CASE WHEN f->>'campus' IS NOT NULL THEN f->>'campus' WHEN (f->>'online')::boolean THEN '~online' WHEN (f->>'offCampus')::boolean THEN '~off_campus' ELSE '~not_given' END)
  ) AS x (dim, val) WHERE kind = 'opened' AND x.val IS NOT NULL
  UNION ALL
  SELECT DISTINCT m.dim, m.val FROM (
    SELECT 'category' AS dim, jsonb_array_elements_text(COALESCE(f->'categories', '[]')) AS val WHERE kind IN ('opened', 'closed')
    UNION ALL SELECT 'characteristic', jsonb_array_elements_text(COALESCE(f->'characteristics', '[]')) WHERE kind = 'opened'
    UNION ALL SELECT 'want', jsonb_array_elements_text(COALESCE(f->'wants', '[]')) WHERE kind = 'opened'
    UNION ALL SELECT 'perpetrator', jsonb_array_elements_text(COALESCE(f->'perpetratorRelations', '[]')) WHERE kind = 'opened'
  ) AS m
  UNION ALL
  SELECT y.dim, y.val FROM (VALUES
    ('outcome', CASE WHEN kind = 'closed' THEN f->>'outcome' END),
    ('kind', CASE WHEN kind IN ('closed', 'first_contact') THEN f->>'kind' END),
    ('on_time', CASE WHEN kind = 'first_contact' THEN CASE f->'onTime' WHEN 'true'::jsonb THEN 'yes' WHEN 'false'::jsonb THEN 'no' ELSE 'unknown' END END),
    ('hours', CASE WHEN kind IN ('first_contact', 'assigned') AND v IS NOT NULL THEN least(floor(v), 720)::int::text END),
    ('days', CASE WHEN kind = 'closed' AND v IS NOT NULL THEN least(floor(v), 730)::int::text END),
    ('staff', CASE WHEN kind = 'time_spent' THEN f->>'staffId' END)
  ) AS y (dim, val) WHERE y.val IS NOT NULL
$$;

CREATE TABLE stat_monthly (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  measure text NOT NULL,
  month date NOT NULL,
  dim text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL DEFAULT 0,
  total numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (institution_id, measure, month, dim, value)
);

-- Statistics are written when things happen: every statement that adds reporting rows adds them
-- to the monthly rollup in the same transaction (one grouped upsert per statement, so bulk loads stay cheap).
-- Rows are upserted in key order, so concurrent reports lock shared rollup rows in the same order (no deadlock).
CREATE OR REPLACE FUNCTION harbour_stat_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_monthly AS s (institution_id, measure, month, dim, value, n, total)
  SELECT r.institution_id, r.type, date_trunc('month', r.at AT TIME ZONE COALESCE(i.settings->>'timeZone', 'Europe/London'))::date, d.dim, d.val, count(*), COALESCE(sum(r.value), 0)
  FROM new_rows r JOIN institutions i ON i.id = r.institution_id CROSS JOIN LATERAL harbour_stat_dims(r.type, r.facets, r.value) d
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (institution_id, measure, month, dim, value) DO UPDATE SET n = s.n + EXCLUDED.n, total = s.total + EXCLUDED.total;
  RETURN NULL;
END $$;
CREATE TRIGGER reporting_events_rollup AFTER INSERT ON reporting_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION harbour_stat_rollup();

INSERT INTO stat_monthly AS s (institution_id, measure, month, dim, value, n, total)
SELECT r.institution_id, r.type, date_trunc('month', r.at AT TIME ZONE COALESCE(i.settings->>'timeZone', 'Europe/London'))::date, d.dim, d.val, count(*), COALESCE(sum(r.value), 0)
FROM reporting_events r JOIN institutions i ON i.id = r.institution_id CROSS JOIN LATERAL harbour_stat_dims(r.type, r.facets, r.value) d
GROUP BY 1, 2, 3, 4, 5;

-- Every set of figures that left the case team, exactly as published (hidden cells without values).
CREATE TABLE stat_releases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  period_start date NOT NULL,
  period_end date NOT NULL,
  data_hash text NOT NULL,
  cells jsonb NOT NULL,
  purpose text NOT NULL,
  released_by text NOT NULL,
  released_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stat_releases_period ON stat_releases (institution_id, period_start, released_at);

CREATE TABLE retention_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  retention_years numeric NOT NULL,
  cutoff timestamptz NOT NULL,
  triggered_by text NOT NULL,
  destroyed integer NOT NULL DEFAULT 0,
  held integer NOT NULL DEFAULT 0
);
CREATE INDEX retention_runs_started ON retention_runs (institution_id, started_at DESC);

-- One row per case whose content was destroyed (retention or erasure): the destruction report.
CREATE TABLE content_destructions (
  case_id uuid PRIMARY KEY REFERENCES cases(id),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  reason text NOT NULL CHECK (reason IN ('retention', 'erasure')),
  run_id uuid REFERENCES retention_runs(id),
  request_id uuid,
  reference text NOT NULL,
  kind text NOT NULL,
  closed_at timestamptz,
  destroyed_at timestamptz NOT NULL,
  evidence_files integer NOT NULL DEFAULT 0,
  ledger_seq bigint NOT NULL
);
CREATE INDEX content_destructions_at ON content_destructions (institution_id, destroyed_at DESC);

CREATE TABLE subject_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('access', 'erasure')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'refused', 'partly_refused')),
  -- Who the request is about, sealed under the master keyring (names and emails are personal data).
  subject bytea NOT NULL,
  subject_master_key_id text NOT NULL,
  match_keys text[] NOT NULL,
  received_at timestamptz NOT NULL,
  due_on date NOT NULL,
  recorded_by text NOT NULL,
  completed_at timestamptz,
  completed_by text
);
CREATE INDEX subject_requests_received ON subject_requests (institution_id, received_at DESC);

CREATE TABLE subject_request_cases (
  request_id uuid NOT NULL REFERENCES subject_requests(id),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  roles text[] NOT NULL,
  proposal text NOT NULL CHECK (proposal IN ('export', 'erase', 'refuse', 'already_destroyed')),
  decision text CHECK (decision IN ('exported', 'erased', 'refused', 'already_destroyed')),
  reason text,
  decided_by text,
  decided_at timestamptz,
  PRIMARY KEY (request_id, case_id)
);

CREATE TABLE access_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  staff_id uuid NOT NULL REFERENCES staff(id),
  rule text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  case_count integer NOT NULL,
  case_ids uuid[] NOT NULL,
  raised_at timestamptz NOT NULL,
  reviewed_by uuid REFERENCES staff(id),
  reviewed_at timestamptz,
  review_note text,
  UNIQUE (institution_id, staff_id, rule, window_start)
);
CREATE INDEX access_alerts_raised ON access_alerts (institution_id, raised_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stat_monthly','stat_releases','retention_runs','content_destructions','subject_requests','subject_request_cases','access_alerts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution())', t || '_institution', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON stat_monthly, subject_requests, subject_request_cases, access_alerts TO harbour_app;
GRANT SELECT, INSERT ON stat_releases TO harbour_app;
GRANT SELECT ON retention_runs, content_destructions TO harbour_app;
