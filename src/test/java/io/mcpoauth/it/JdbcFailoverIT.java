package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link FailoverTests} on PostgreSQL: a primary and a synchronous streaming standby made by the test, the WAR on
 * Payara Micro with the shipped post-boot file and a multi-host URL ({@code targetServerType=primary}), an empty
 * password (trust authentication).
 */
class JdbcFailoverIT extends FailoverTests {

    private PostgresPair pair;

    JdbcFailoverIT() {
        super(8595);
    }

    @Override
    PayaraProcess start(int port, String issuer) throws Exception {
        pair = PostgresPair.start();
        // The password empty, as trust and certificate authentication need none (issue 13, item 8).
        return PayaraProcess.start(port, StorageServers.jdbc(issuer, "jdbc/mcpOAuth", null),
                StorageServers.postgresEnv(pair.url(), ""), StorageServers.postgresArgs());
    }

    @Override
    void killPrimary() throws Exception {
        pair.killPrimary();
    }

    @Override
    void promoteStandby() throws Exception {
        pair.promoteStandby();
    }

    @Override
    void assertStandbyServes() throws Exception {
        assertEquals("", pair.query(pair.standbyPort(), "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' "
                + "ELSE '' END"), "the promoted standby serves");
    }

    @Override
    void stopStore() throws Exception {
        Stop.all(pair);
    }
}
