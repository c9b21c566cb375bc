/**
 * Moving live state between storage backends: an export of clients, consents and live grants as JSON lines
 * (a version line first, one record per line, an end line last), and its import into any backend. Tokens travel
 * as the hashes the stores hold, never as token values.
 */
package io.mcpoauth.migrate;
