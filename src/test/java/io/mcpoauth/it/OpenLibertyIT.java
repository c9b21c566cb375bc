package io.mcpoauth.it;

import io.mcpoauth.store.jdbc.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR that {@code mvn package} builds, on Open Liberty 26 ({@code webProfile-10.0}, {@code mpConfig-3.1},
 * {@code mpHealth-4.0}) with {@code server-config/openliberty/server.xml} and the JDBC backend on the local
 * PostgreSQL through its {@code jdbc/mcpOAuth} DataSource. The configuration reaches the application through
 * the three routes docs/servers.md gives: the test properties appended to {@code bootstrap.properties},
 * environment variables in {@code server.env} (storage and database), and a server configuration variable
 * (the issuer). The container login's registry and role binding ({@code container-login.xml}) are there too, with
 * a user whom the header mode must not sign in at {@code /login/container}.
 */
class OpenLibertyIT {

    private static final String ISSUER = "http://localhost:" + LibertyProcess.HTTP_PORT;
    private static final String PREFIX = TestDatabase.uniquePrefix();

    private static LibertyProcess liberty;
    private static PortableFlow flow;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> properties = PortableFlow.testProperties(ISSUER);
        properties.remove("mcp.oauth.issuer");
        liberty = LibertyProcess.start(LibertyProcess.DEFAULT, properties, Map.of(
                "MCP_OAUTH_STORAGE", "jdbc",
                "MCP_OAUTH_JDBC_DATASOURCE", "jdbc/mcpOAuth",
                "MCP_OAUTH_JDBC_TABLE_PREFIX", PREFIX,
                "MCP_OAUTH_DB_URL", TestDatabase.POSTGRES_URL,
                "MCP_OAUTH_DB_USER", "postgres",
                "MCP_OAUTH_DB_PASSWORD", "unused-with-trust-authentication"),
                Map.of("mcp.oauth.issuer", ISSUER), LibertyProcess.containerLogin(List.of(RealmUser.ADA)));
        flow = new PortableFlow(liberty.base(), liberty.health());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (liberty != null) {
                liberty.close();
            }
        } finally {
            TestDatabase.postgres(PREFIX).drop();
        }
    }

    @Test
    void metadataWhenIssuerFromServerVariableThenServedAtRoot() throws Exception {
        flow.metadataAtRootWithIssuer(ISSUER);
    }

    @Test
    void healthWhenOnApplicationPortThenReadyWithJdbcStorageAndLive() throws Exception {
        flow.healthReadyWithStorageAndLive("jdbc");
    }

    @Test
    void codeFlowWhenConfidentialClientThenTokensRefreshRotatesAndReuseRevokes() throws Exception {
        flow.confidentialClientCodeRefreshAndIntrospection(ISSUER);
    }

    @Test
    void codeFlowWhenPublicClientThenConsentPageApprovedAndPkceExchangeAndRefresh() throws Exception {
        flow.publicClientWithConsentPkceAndRefresh(ISSUER);
    }

    @Test
    void registrationWhenPublicClientThenCreated() throws Exception {
        flow.registrationOfPublicClient();
    }

    @Test
    void errorsWhenRaisedByResteasyThenSameJsonAsOnPayara() throws Exception {
        flow.errorsAndCorsAsOnEveryServer();
    }

    @Test
    void loginContainerWhenHeaderModeThenRegistryUserSignsInNobody() throws Exception {
        ContainerLoginFlow.otherModeSignsInNobody(liberty.base(), RealmUser.ADA);
    }
}
