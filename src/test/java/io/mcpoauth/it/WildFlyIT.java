package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcpoauth.store.jdbc.TestDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR that {@code mvn package} builds, on WildFly 39 ({@code standalone-microprofile.xml}) with the JDBC
 * backend on the local PostgreSQL through the DataSource {@code server-config/wildfly/postgresql.cli} creates.
 * The test configuration comes from a {@code -P} properties file, the storage keys and the database connection
 * from environment variables, as docs/servers.md describes.
 */
class WildFlyIT {

    private static final String ISSUER = "http://localhost:" + WildFlyProcess.HTTP_PORT;
    private static final String PREFIX = TestDatabase.uniquePrefix();

    private static WildFlyProcess wildfly;
    private static PortableFlow flow;

    @BeforeAll
    static void start() throws Exception {
        wildfly = WildFlyProcess.start(WildFlyProcess.DEFAULT, PortableFlow.testProperties(ISSUER), Map.of(
                "MCP_OAUTH_STORAGE", "jdbc",
                "MCP_OAUTH_JDBC_DATASOURCE", "java:jboss/jdbc/mcpOAuth",
                "MCP_OAUTH_JDBC_TABLE_PREFIX", PREFIX,
                "MCP_OAUTH_DB_URL", TestDatabase.POSTGRES_URL,
                "MCP_OAUTH_DB_USER", "postgres",
                "MCP_OAUTH_DB_PASSWORD", "unused-with-trust-authentication"), List.of(RealmUser.ADA));
        flow = new PortableFlow(wildfly.base(), wildfly.health());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (wildfly != null) {
                wildfly.close();
            }
        } finally {
            TestDatabase.postgres(PREFIX).drop();
        }
    }

    @Test
    void metadataWhenDeployedFromDeploymentsDirectoryThenServedAtRoot() throws Exception {
        flow.metadataAtRootWithIssuer(ISSUER);
    }

    @Test
    void healthWhenOnManagementPortThenReadyWithJdbcStorageAndLive() throws Exception {
        flow.healthReadyWithStorageAndLive("jdbc");
        HttpResponse<String> onAppPort = Http.get(wildfly.base(), "health/ready");
        assertEquals(404, onAppPort.statusCode(), "WildFly serves health on the management port only");
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
    void loginContainerWhenHeaderModeThenRealmUserSignsInNobody() throws Exception {
        ContainerLoginFlow.otherModeSignsInNobody(wildfly.base(), RealmUser.ADA);
    }
}
