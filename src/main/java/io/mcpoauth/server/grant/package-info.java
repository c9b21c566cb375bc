/**
 * One handler per grant type, each implementing {@link io.mcpoauth.server.GrantHandler}, no HTTP in any of them:
 * adding a grant is a new class here and one line where {@code app/ServiceProducer} builds the
 * {@link io.mcpoauth.server.GrantHandlers}, not an edit of a switch. Nothing in {@code io.mcpoauth.server} imports
 * this package.
 */
package io.mcpoauth.server.grant;
