/**
 * Who the user is at {@code /authorize}: a header set by a trusted SSO gateway, or the demo form login.
 */
package io.mcpoauth.login;
