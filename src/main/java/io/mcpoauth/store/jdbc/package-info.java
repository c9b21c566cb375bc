/**
 * The JDBC storage backend: plain JDBC on a container-managed DataSource (PostgreSQL, or the server's default
 * DataSource), a versioned schema migrated at start-up, single use by one statement, batched purge.
 */
package io.mcpoauth.store.jdbc;
