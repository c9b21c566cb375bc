/**
 * Rate limits on the token, registration, revocation and introspection endpoints and on failed client
 * authentication (RFC 6749 2.3.1 requires brute-force protection). Counters live in memory here; a shared
 * backend keeps them across instances.
 */
package io.mcpoauth.ratelimit;
