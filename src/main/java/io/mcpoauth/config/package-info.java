/**
 * The one strict way to read configuration ({@code mcp.oauth.*}): a source of values and readers for booleans,
 * bounded numbers, durations, lists and enum modes, each naming the key in its error. The settings records
 * live beside what they configure and read themselves through it; nothing here knows them.
 */
package io.mcpoauth.config;
