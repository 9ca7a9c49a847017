-- Single sign-on with OpenID Connect (issue 15). Portable SQL, as every migration; flags are
-- BIGINT 0/1 as elsewhere.

-- An identity provider an administrator configured. client_secret is needed in clear to
-- authenticate to the provider's token endpoint, so it cannot be hashed; it is never sent to a
-- browser (docs/single-sign-on.md). organisation_id and role are given to accounts created on a
-- first sign-in (create_accounts = 1); with 0, only people who already have an account may use it.
CREATE TABLE sso_providers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    issuer_url TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    email_claim TEXT NOT NULL,
    name_claim TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    role TEXT NOT NULL,
    create_accounts BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sso_providers_name ON sso_providers (name);

-- Sign-ins under way, between the redirect to the provider and its answer: kept on the server so
-- that the PKCE verifier and the nonce never leave it. state_hash is the SHA-256 of the state,
-- which the browser holds in a short-lived HttpOnly cookie; a row is deleted when it is used, or
-- when expired ones are cleared as a new one is written.
CREATE TABLE sso_sign_ins (
    state_hash TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sso_sign_ins_expiry ON sso_sign_ins (expires_at);

-- "Passwords can be switched off for an organisation that uses SSO": 1, its people sign in
-- through a provider only, and get no password links.
ALTER TABLE organisations ADD COLUMN passwords_disabled BIGINT NOT NULL DEFAULT 0;
