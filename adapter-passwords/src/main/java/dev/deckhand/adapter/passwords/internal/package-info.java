/** The hashing loops and hash forms behind {@code Pbkdf2PasswordHashing}: not for embedders to build on. */
package dev.deckhand.adapter.passwords.internal;
