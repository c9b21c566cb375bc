/**
 * The admin API's services: the registered and configured clients (list, show, delete), the grants by subject or
 * client (list, revoke), and a subject's offboarding and blocks. Plain classes behind the admin token
 * ({@link io.mcpoauth.server.AdminGate}); each call audited; answers as JSON-ready maps, never a secret hash.
 */
package io.mcpoauth.server.admin;
