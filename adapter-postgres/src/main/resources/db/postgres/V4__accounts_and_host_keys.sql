-- Built-in accounts, shared by every node: one row per user, the password as a PHC string written
-- by the server's PasswordHashing. Names compare case-sensitively, as in the SQLite store.
-- provisioned_from: the SHA-256 of a hash the password was set from (SYNC_USERn with
-- PASSWORDS_HASHED), so that hash still matches after a sign-in replaced it with a stronger one.
CREATE TABLE accounts (
    name             TEXT PRIMARY KEY,
    password_hash    TEXT NOT NULL,
    provisioned_from TEXT CHECK (provisioned_from ~ '^[0-9a-f]{64}$'),
    created_at       TIMESTAMPTZ NOT NULL
);

-- Host keys of every sign-in backend, as SHA-256 digests only; a key issued on one node works on all.
CREATE TABLE host_keys (
    digest    TEXT PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
    user_name TEXT NOT NULL,
    issued_at BIGINT NOT NULL
);
CREATE INDEX host_keys_by_user ON host_keys (user_name);
