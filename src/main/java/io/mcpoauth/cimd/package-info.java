/**
 * Client ID Metadata Documents (MCP 2025-11-25): an https {@code client_id} names a JSON document the
 * client hosts; it is fetched with SSRF defences (one checked address, no redirects), within one deadline,
 * once per URL however many callers wait for it and with bounded fetches in flight, then checked and cached.
 */
package io.mcpoauth.cimd;
