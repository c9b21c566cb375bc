/**
 * Token generation and hashing, and secret verification (bcrypt with a verified-credential cache so the hot
 * path does not pay bcrypt on every request). All comparisons of secret material are constant-time.
 */
package io.mcpoauth.crypto;
