/**
 * Enterprise-Managed Authorization (the MCP extension {@code io.modelcontextprotocol/enterprise-managed-authorization}):
 * the identity providers an operator trusts, and the validation of the Identity Assertion JWT Authorization
 * Grants (ID-JAG, draft-ietf-oauth-identity-assertion-authz-grant) they sign, which clients redeem at the token
 * endpoint with the JWT bearer grant (RFC 7523).
 */
package io.mcpoauth.enterprise;
