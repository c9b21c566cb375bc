/**
 * One handler per grant type, no HTTP in any of them: adding a grant is a new class, not an edit of a switch.
 */
package io.mcpoauth.server.grant;
