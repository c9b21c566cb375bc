/**
 * The composition root: the CDI producers that build the plain classes of the other packages from the settings
 * and hand them over as beans. Nothing else imports this package.
 */
package io.mcpoauth.app;
