/**
 * The composition root: CDI producers that read the settings, build the storage backend with its rate limiter
 * and the plain objects the rest of the code injects, and the start-up hook. Nothing else imports this package.
 */
package io.mcpoauth.app;
