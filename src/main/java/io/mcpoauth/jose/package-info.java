/**
 * Public keys of the parties whose signed JWTs the server accepts (an SSO gateway's assertions, an enterprise
 * identity provider's grants): read from configuration, fetched and cached, and the algorithms allowed for them.
 */
package io.mcpoauth.jose;
