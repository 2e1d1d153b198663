-- Built-in accounts: one row per user, password as a PHC string ($pbkdf2-sha256$...).
CREATE TABLE accounts (
    name          TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Host keys of every sign-in backend, stored as SHA-256 digests only.
CREATE TABLE host_keys (
    digest    TEXT PRIMARY KEY NOT NULL,
    user_name TEXT NOT NULL,
    issued_at INTEGER NOT NULL
);
CREATE INDEX host_keys_by_user ON host_keys (user_name);
