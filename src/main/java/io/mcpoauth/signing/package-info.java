/**
 * The server's own signing keys, for the JWT access tokens it issues (RFC 9068): the key that signs now, the keys
 * published at {@code /jwks} for resource servers, provided by the operator or generated and rotated in storage.
 */
package io.mcpoauth.signing;
