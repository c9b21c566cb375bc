/**
 * The authorization server's logic: the {@link io.mcpoauth.server.OAuthProvider} bean, client authentication,
 * authorization-request validation, PKCE and token issuance. No JAX-RS types: all of it runs in plain JUnit.
 */
package io.mcpoauth.server;
