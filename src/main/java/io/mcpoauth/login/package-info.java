/**
 * Who the user is at {@code /authorize}: one {@link io.mcpoauth.login.Login} strategy per
 * {@code mcp.oauth.login.mode} ({@link io.mcpoauth.login.LoginMode}), chosen once at start: a header set by a
 * trusted SSO gateway, a JWT the gateway signed, the Jakarta EE server's own authentication (container login), or
 * the demo form login.
 */
package io.mcpoauth.login;
