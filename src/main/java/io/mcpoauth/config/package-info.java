/**
 * Typed configuration read once from MicroProfile Config ({@code mcp.oauth.*}), and the CDI producers that
 * build the storage backend and the other plain objects the rest of the code injects.
 */
package io.mcpoauth.config;
