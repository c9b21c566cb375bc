/**
 * Typed OAuth protocol values and the one error model (RFC 6749 5.2) shared by every layer.
 * Nothing here knows about HTTP frameworks or storage.
 */
package io.mcpoauth.protocol;
