/**
 * Client ID Metadata Documents (MCP 2025-11-25): an https {@code client_id} names a JSON document the
 * client hosts; it is fetched with SSRF defences, checked and cached.
 */
package io.mcpoauth.cimd;
