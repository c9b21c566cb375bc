/**
 * The authorization server's logic, one plain service per endpoint ({@link io.mcpoauth.server.AuthorizationService},
 * {@link io.mcpoauth.server.TokenService}, introspection, revocation, registration, admin, metadata), and what they
 * share: client authentication, authorization-request validation, PKCE and token issuance. No JAX-RS or CDI types:
 * {@code io.mcpoauth.app} builds the services, and all of it runs in plain JUnit.
 */
package io.mcpoauth.server;
