/**
 * The Redis storage backend ({@code mcp.oauth.storage=redis}) on Jedis: standalone, Sentinel or Cluster; single
 * use in Lua scripts run by SHA-1; a TTL with every write; hash-tagged keys; failures as 503, never as a
 * false "not found". Also the Redis rate limiter, so limits hold across instances.
 */
package io.mcpoauth.store.redis;
