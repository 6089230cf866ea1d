-- Link suggestions look cases up by their match keys (core/matchKeys.ts). Under row-level security
-- the planner may not use the GIN index on cases.match_keys: the array-overlap operator is not
-- leakproof, so it is only applied after the policy's filter, to every case of the institution.
-- Text equality is leakproof, so a plain lookup table with a btree index stays fast at a million
-- cases. It is kept in step with cases.match_keys by triggers (a statement-level one for inserts,
-- so bulk loads stay fast; a row-level one only when match_keys itself is updated).

CREATE TABLE case_match_keys (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  match_key text NOT NULL,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  PRIMARY KEY (institution_id, match_key, case_id)
);
CREATE INDEX case_match_keys_case ON case_match_keys (case_id);
ALTER TABLE case_match_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_match_keys_institution ON case_match_keys USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution());
GRANT SELECT, INSERT, DELETE ON case_match_keys TO harbour_app;

CREATE OR REPLACE FUNCTION harbour_match_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_match_keys (institution_id, match_key, case_id)
    SELECT a.institution_id, k, a.id FROM added a CROSS JOIN LATERAL unnest(a.match_keys) AS k ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION harbour_match_keys_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.match_keys IS DISTINCT FROM OLD.match_keys THEN
    DELETE FROM case_match_keys WHERE case_id = NEW.id;
    INSERT INTO case_match_keys (institution_id, match_key, case_id) SELECT NEW.institution_id, k, NEW.id FROM unnest(NEW.match_keys) AS k ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_match_keys_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION harbour_match_keys_inserted();
CREATE TRIGGER cases_match_keys_updated AFTER UPDATE OF match_keys ON cases FOR EACH ROW EXECUTE FUNCTION harbour_match_keys_updated();

INSERT INTO case_match_keys (institution_id, match_key, case_id) SELECT c.institution_id, k, c.id FROM cases c CROSS JOIN LATERAL unnest(c.match_keys) AS k ON CONFLICT DO NOTHING;
