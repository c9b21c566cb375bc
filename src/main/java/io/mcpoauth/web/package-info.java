/**
 * The HTTP face: thin JAX-RS resources that parse a request, call {@link io.mcpoauth.server.OAuthProvider}
 * and write the answer, the exception mappers of the one error model, and the server-rendered pages.
 */
package io.mcpoauth.web;
