/** Password hashing for built-in accounts: {@code Pbkdf2PasswordHashing}, the one {@code PasswordHashing} every account store is given. */
package dev.deckhand.adapter.passwords;
