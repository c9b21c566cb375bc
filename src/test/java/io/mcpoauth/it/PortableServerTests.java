package io.mcpoauth.it;

import io.mcpoauth.store.jdbc.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the WAR {@code mvn package} builds must do on every server it is dropped into ({@link PortableFlow}), on
 * the JDBC backend with the local PostgreSQL through the server's own DataSource, under a table prefix of this run.
 * The storage keys and the database connection reach the server as environment variables, as docs/servers.md
 * describes; each server's test says how the rest of the test configuration reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PortableServerTests {

    private final String prefix = TestDatabase.uniquePrefix();
    private final int port;
    /** The storage keys and the database connection. */
    private final Map<String, String> env;
    private RunningServer server;
    private PortableFlow flow;

    /**
     * @param port       the application's HTTP port on this server
     * @param dataSource the JNDI name of the DataSource the server's shipped configuration creates
     */
    PortableServerTests(int port, String dataSource) {
        this.port = port;
        this.env = Map.of("MCP_OAUTH_STORAGE", "jdbc", "MCP_OAUTH_JDBC_DATASOURCE", dataSource,
                "MCP_OAUTH_JDBC_TABLE_PREFIX", prefix, "MCP_OAUTH_DB_URL", TestDatabase.POSTGRES_URL,
                "MCP_OAUTH_DB_USER", "postgres", "MCP_OAUTH_DB_PASSWORD", "unused-with-trust-authentication");
    }

    /**
     * Starts the server with the test configuration for {@code issuer} and the environment {@code env}, and a
     * realm or registry user {@link RealmUser#ADA} whom the header mode must not sign in at {@code /login/container}.
     */
    abstract RunningServer start(String issuer, Map<String, String> env) throws Exception;

    final String issuer() {
        return "http://localhost:" + port;
    }

    final RunningServer server() {
        return server;
    }

    @BeforeAll
    final void startServer() throws Exception {
        server = start(issuer(), env);
        flow = new PortableFlow(server.base(), server.health());
    }

    @AfterAll
    final void stopServer() throws Exception {
        Stop.all(server, () -> TestDatabase.postgres(prefix).drop());
    }

    @Test
    void metadataWhenDeployedThenServedAtRootWithTheIssuer() throws Exception {
        flow.metadataAtRootWithIssuer(issuer());
    }

    @Test
    void healthWhenReadyThenJdbcStorageUpAndLive() throws Exception {
        flow.healthReadyWithStorageAndLive("jdbc");
    }

    @Test
    void codeFlowWhenConfidentialClientThenTokensRefreshRotatesAndReuseRevokes() throws Exception {
        flow.confidentialClientCodeRefreshAndIntrospection(issuer());
    }

    @Test
    void codeFlowWhenPublicClientThenConsentPageApprovedAndPkceExchangeAndRefresh() throws Exception {
        flow.publicClientWithConsentPkceAndRefresh(issuer());
    }

    @Test
    void metricsWhenScrapedWithTheirTokenThenCountedAndJdbcCallsTimed() throws Exception {
        flow.operatorMetricsWithStorageTimed("jdbc");
    }

    @Test
    void registrationWhenPublicClientThenCreated() throws Exception {
        flow.registrationOfPublicClient();
    }

    @Test
    void errorsWhenRaisedByTheJaxRsRuntimeThenSameJsonAsOnPayara() throws Exception {
        flow.errorsAndCorsAsOnEveryServer();
    }

    @Test
    void loginContainerWhenHeaderModeThenRealmUserSignsInNobody() throws Exception {
        ContainerLoginFlow.otherModeSignsInNobody(server.base(), RealmUser.ADA);
    }
}
