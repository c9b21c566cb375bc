/**
 * Who the user is at {@code /authorize}: a header set by a trusted SSO gateway, a JWT the gateway signed,
 * or the demo form login.
 */
package io.mcpoauth.login;
