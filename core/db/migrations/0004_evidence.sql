-- Evidence files: screenshots, messages, photos and witness statements attached to a case.
-- The bytes live in a FileStore (local disk or Azure Blob), encrypted under a per-file key; this
-- row holds that key wrapped, so destroying the case key destroys the file. A file is staged
-- (case_id NULL, key wrapped by the master keyring) before the case exists, then attached
-- (key re-wrapped under the case key, SHA-256 recorded in the ledger). Usable only once clean.

CREATE TABLE evidence_files (
  id uuid PRIMARY KEY,
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid REFERENCES cases(id),
  status text NOT NULL DEFAULT 'pending_scan' CHECK (status IN ('pending_scan','clean','infected','quarantined')),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  -- The sanitised file name, sealed with the file key (a name can identify someone).
  name bytea NOT NULL,
  detected_type text NOT NULL,
  storage_key text NOT NULL,
  wrapped_key bytea NOT NULL,
  key_wrap text NOT NULL CHECK (key_wrap IN ('master','case')),
  master_key_id text,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL,
  staged_until timestamptz,
  ledger_seq bigint,
  scan_attempts integer NOT NULL DEFAULT 0,
  scanned_at timestamptz,
  scan_signature text,
  scan_error text,
  blob_deleted_at timestamptz,
  CHECK ((case_id IS NULL) = (key_wrap = 'master')),
  CHECK (case_id IS NULL OR ledger_seq IS NOT NULL)
);
CREATE INDEX evidence_files_case ON evidence_files (case_id, uploaded_at);
CREATE INDEX evidence_files_pending ON evidence_files (uploaded_at) WHERE status = 'pending_scan' AND case_id IS NOT NULL;
CREATE INDEX evidence_files_staged ON evidence_files (staged_until) WHERE case_id IS NULL;

ALTER TABLE evidence_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY evidence_files_institution ON evidence_files USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution());
GRANT SELECT, INSERT, UPDATE, DELETE ON evidence_files TO harbour_app;
