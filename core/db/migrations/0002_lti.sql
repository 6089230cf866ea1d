-- Moodle (LTI 1.3). Two kinds of storage:
--  * lti_store: ltijs's own collections (platform, platformStatus, publickey, privatekey, accesstoken,
--    idtoken, contexttoken, nonce, state) plus Harbour's login bindings (login), one JSON document a
--    row. ltijs looks these up before it knows the institution, so only the owner reads them:
--    harbour_app gets no grant at all. Key and access-token documents are sealed (AES-256-GCM) with
--    only their lookup fields in clear. Short-lived rows carry expires_at and are swept.
--  * lti_platforms: which institution a registered Moodle site (issuer + client id) belongs to, and
--    which deployment ids it may launch from. Institution-owned, so row-level security as in 0001.

CREATE TABLE lti_store (
  id bigserial PRIMARY KEY,
  collection text NOT NULL CHECK (collection IN
    ('platform','platformStatus','publickey','privatekey','accesstoken','idtoken','contexttoken','nonce','state','login')),
  doc jsonb NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX lti_store_doc ON lti_store USING gin (doc jsonb_path_ops);
CREATE INDEX lti_store_collection ON lti_store (collection);
CREATE INDEX lti_store_expiry ON lti_store (expires_at) WHERE expires_at IS NOT NULL;
CREATE UNIQUE INDEX lti_store_platform ON lti_store ((doc->>'platformUrl'), (doc->>'clientId')) WHERE collection = 'platform';
CREATE UNIQUE INDEX lti_store_kid ON lti_store (collection, (doc->>'kid')) WHERE collection IN ('publickey','privatekey');
CREATE UNIQUE INDEX lti_store_nonce ON lti_store ((doc->>'nonce')) WHERE collection = 'nonce';
CREATE UNIQUE INDEX lti_store_state ON lti_store (collection, (doc->>'state')) WHERE collection IN ('state','login');

CREATE TABLE lti_platforms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  issuer text NOT NULL,
  client_id text NOT NULL,
  deployment_ids text[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  source text NOT NULL CHECK (source IN ('dynamic','manual')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, client_id)
);
CREATE INDEX lti_platforms_institution ON lti_platforms (institution_id);

ALTER TABLE lti_platforms ENABLE ROW LEVEL SECURITY;
CREATE POLICY lti_platforms_institution ON lti_platforms
  USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution());
GRANT SELECT ON lti_platforms TO harbour_app;
