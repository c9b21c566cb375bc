/**
 * MicroProfile Health: readiness follows the storage backend, liveness the application itself and its audit
 * writer.
 */
package io.mcpoauth.health;
