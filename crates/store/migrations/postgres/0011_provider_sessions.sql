-- Sessions started through an identity provider (PostgreSQL). Keep in step with
-- ../sqlite/0011_provider_sessions.sql.
-- The provider's id and the ID token it gave, so that logging out can end the provider's session too
-- (OpenID Connect RP-initiated logout, the token as id_token_hint). A login waiting for its one-time
-- code carries them on to its session.
ALTER TABLE sessions ADD COLUMN oidc_provider TEXT;
ALTER TABLE sessions ADD COLUMN id_token TEXT;
ALTER TABLE login_challenges ADD COLUMN oidc_provider TEXT;
ALTER TABLE login_challenges ADD COLUMN id_token TEXT;
