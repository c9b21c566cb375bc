/**
 * Operator metrics in the Prometheus text format ({@code GET /admin/metrics}): counters fed by the audit events
 * and the rate limits, each label from a fixed set of values, never a client id or a subject.
 */
package io.mcpoauth.metrics;
