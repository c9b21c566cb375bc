package io.mcpoauth.server;

/**
 * The form of an access token. An opaque token is 256 random bits that only this server can read (a resource
 * server calls {@code /introspect}); a JWT (RFC 9068) is signed by this server and read by the resource server
 * itself against the keys at {@code jwks_uri}. Either is stored by its hash, so introspection and revocation
 * answer for both.
 */
public enum TokenFormat { OPAQUE, JWT }
