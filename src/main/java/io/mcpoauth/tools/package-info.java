/** Command-line helpers shipped in the WAR, such as making the bcrypt hashes that configuration expects. */
package io.mcpoauth.tools;
