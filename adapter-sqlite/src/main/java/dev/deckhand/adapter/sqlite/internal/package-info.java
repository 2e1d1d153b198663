/** Password hashing (PBKDF2, ankisyncd's salted SHA-256) and old servers' files: for this adapter's own classes. */
package dev.deckhand.adapter.sqlite.internal;
