/**
 * Audit events as JSON lines through java.util.logging (logger {@code mcp.oauth.audit}). Events name the
 * client, subject, remote address and a short fingerprint of a token hash; never a token, code, verifier or secret.
 */
package io.mcpoauth.audit;
