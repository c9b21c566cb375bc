/**
 * The list of storage backends the store contract suites run against; it alone knows every backend, so the
 * suites in {@code io.mcpoauth.store} name it only by its method.
 */
package io.mcpoauth.store.backends;
