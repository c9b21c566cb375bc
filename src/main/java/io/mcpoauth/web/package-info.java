/**
 * The HTTP face: thin JAX-RS resources that parse a request, call the endpoint service of
 * {@code io.mcpoauth.server} they serve and write the answer, the exception mappers of the one error model, and
 * the server-rendered pages.
 */
package io.mcpoauth.web;
