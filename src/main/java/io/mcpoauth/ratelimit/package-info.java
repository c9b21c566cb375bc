/**
 * Rate limits on the token, registration, revocation, introspection and authorization endpoints, the admin
 * token and the demo login, and the failed-client-authentication lockout (RFC 6749 2.3.1 requires brute-force
 * protection; {@link io.mcpoauth.ratelimit.RateLimits} argues why it locks fresh secret checks rather than
 * clients). Counters live in memory here; a shared backend keeps them across instances.
 */
package io.mcpoauth.ratelimit;
