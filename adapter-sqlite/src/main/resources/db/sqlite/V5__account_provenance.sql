-- For an account whose password an operator handed over as a hash (SYNC_USERn with
-- PASSWORDS_HASHED), the hex SHA-256 of that PHC string; NULL for a password given in plain text.
-- A sign-in may replace password_hash with a faster or stronger hash of the same password; this
-- still tells that the settings' hash is the one in force, so a restart leaves the account alone.
-- A digest, not the string: the replaced hash may be weaker, and must not stay readable here.
ALTER TABLE accounts ADD COLUMN provisioned_from TEXT;
