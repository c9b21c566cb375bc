/**
 * The hostile-client suite: the built WAR on Payara Micro with a small heap, attacked as an anonymous client on
 * the internet would (slow metadata documents, oversized inputs, lockout attempts, a seeded fuzz pass) while a
 * legitimate client keeps proving that the server still answers it. Everything stays on loopback.
 */
package io.mcpoauth.hostile;
