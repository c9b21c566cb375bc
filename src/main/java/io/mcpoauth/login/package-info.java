/**
 * Who the user is at {@code /authorize}: a header set by a trusted SSO gateway, a JWT the gateway signed,
 * the Jakarta EE server's own authentication (container login), or the demo form login.
 */
package io.mcpoauth.login;
