package io.mcpoauth.store.jdbc;

import io.mcpoauth.config.ConfigSource;

import io.mcpoauth.store.jdbc.JdbcStorage;
import java.util.Objects;

/**
 * The JDBC backend ({@code mcp.oauth.jdbc.*}), used when {@code mcp.oauth.storage=jdbc}.
 *
 * @param dataSource  {@code .datasource} (default {@code java:comp/DefaultDataSource}, the server's default
 *                    DataSource): the JNDI name of the DataSource the server defines, e.g. {@code jdbc/mcpOAuth}
 * @param tablePrefix {@code .table-prefix} (default {@code mcp_oauth_}): starts every table and index name, to
 *                    share one database between deployments; lower-case letters, digits and underscores
 */
public record JdbcSettings(String dataSource, String tablePrefix) {

    public JdbcSettings {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
    }

    public static JdbcSettings load(ConfigSource c) {
        String prefix = c.get("mcp.oauth.jdbc.table-prefix", JdbcStorage.DEFAULT_TABLE_PREFIX);
        try {
            JdbcStorage.checkTablePrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mcp.oauth.jdbc.table-prefix: " + e.getMessage(), e);
        }
        return new JdbcSettings(c.get("mcp.oauth.jdbc.datasource", JdbcStorage.DEFAULT_DATASOURCE), prefix);
    }
}
