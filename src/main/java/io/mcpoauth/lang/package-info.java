/**
 * Small checks every layer makes, each in one call. Nothing here knows any other package of the server.
 */
package io.mcpoauth.lang;
