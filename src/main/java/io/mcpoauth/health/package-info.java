/** MicroProfile Health: readiness follows the storage backend, liveness the application itself. */
package io.mcpoauth.health;
