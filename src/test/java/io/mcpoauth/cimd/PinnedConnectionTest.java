package io.mcpoauth.cimd;

import static io.mcpoauth.cimd.TestCimd.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.protocol.OAuthException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The connection goes to the address that was looked up and checked, and to no other: the document server
 * listens on 127.0.0.2 only, and a rebinding resolver would answer 127.0.0.1 if it were asked again.
 */
class PinnedConnectionTest {

    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.2");

    @Test
    void resolveWhenNameRebindsThenConnectsOnlyToTheCheckedAddress() throws Exception {
        InetAddress checked = InetAddress.getByName("127.0.0.2");
        InetAddress rebound = InetAddress.getByName("127.0.0.1");
        List<String> lookups = new CopyOnWriteArrayList<>();
        FetchTransport transport = new FetchTransport(server.sslContext().getSocketFactory(), host -> {
            lookups.add(host);
            return new InetAddress[] {lookups.size() == 1 ? checked : rebound};
        });
        String url = "https://localhost:" + server.port() + "/pinned.json";
        server.serve("/pinned.json", 200, doc(url, ""), Map.of());
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(TestCimd.settings(true), transport,
                Clock.systemUTC());
        assertEquals(url, r.resolve(url).clientId());
        assertEquals(List.of("localhost"), lookups, "one lookup");
        assertEquals("127.0.0.2", server.arrivedAt.get("/pinned.json"));
    }

    @Test
    void resolveWhenCertificateNamesAnotherHostThenRefused() throws Exception {
        InetAddress checked = InetAddress.getByName("127.0.0.2");
        FetchTransport transport = new FetchTransport(server.sslContext().getSocketFactory(),
                host -> new InetAddress[] {checked});
        String url = "https://impostor.test:" + server.port() + "/impostor.json";
        server.serve("/impostor.json", 200, doc(url, ""), Map.of());
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(TestCimd.settings(true), transport,
                Clock.systemUTC());
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            OAuthException e = assertThrows(OAuthException.class, () -> r.resolve(url));
            assertEquals(ClientIdMetadataResolver.UNUSABLE, e.description());
            assertTrue(log.all().contains("fetch failed"), log.all());
        }
    }
}
