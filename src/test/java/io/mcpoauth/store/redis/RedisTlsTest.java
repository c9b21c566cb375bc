package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.StorageUnavailableException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to Redis: a {@code redis-server} of the test's own on a free port, accepting TLS only, with a certificate
 * for {@code localhost} signed by a CA made for the test (openssl). The server trusts the CA through the trust
 * store setting; without it, or when the certificate names another host, nothing is sent and every call is
 * {@link StorageUnavailableException}.
 */
class RedisTlsTest {

    private static final int PORT = RedisTests.freePort();
    private static final File DIR = new File("target/redis-tls-" + PORT).getAbsoluteFile();
    private static final String PASSWORD = "changeit";

    @BeforeAll
    static void start() throws Exception {
        stop();
        if (DIR.exists()) {
            try (var files = Files.walk(DIR.toPath())) {
                files.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(DIR.toPath());
        Files.writeString(new File(DIR, "ext.cnf").toPath(), "subjectAltName=DNS:localhost\n");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=mcp-oauth test CA");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new FileInputStream(new File(DIR, "ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = new FileOutputStream(new File(DIR, "trust.p12"))) {
            trust.store(out, PASSWORD.toCharArray());
        }
        run("redis-server", "--port", "0", "--tls-port", String.valueOf(PORT), "--bind", "127.0.0.1",
                "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", DIR.getPath(),
                "--daemonize", "yes", "--pidfile", new File(DIR, "redis.pid").getPath(),
                "--logfile", new File(DIR, "redis.log").getPath());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (RedisStorage storage = storage("localhost", true, true)) {
                if (storage.checkHealth().up()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the TLS redis-server does not answer");
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        RedisTests.stop(new File(DIR, "redis.pid"));
    }

    private static RedisStorage storage(String host, boolean trustTheCa, boolean verifyHostname) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.redis.url", "rediss://" + host + ":" + PORT);
        c.put("mcp.oauth.redis.key-prefix", RedisTests.newPrefix());
        c.put("mcp.oauth.redis.retry.attempts", "1");
        c.put("mcp.oauth.redis.tls.verify-hostname", String.valueOf(verifyHostname));
        if (trustTheCa) {
            c.put("mcp.oauth.redis.tls.trust-store", new File(DIR, "trust.p12").getPath());
            c.put("mcp.oauth.redis.tls.trust-store-password", PASSWORD);
        }
        return new RedisStorage(RedisSettings.load(ConfigSource.of(c)));
    }

    @Test
    void storageWhenTlsAndCaTrustedThenWorks() {
        try (RedisStorage storage = storage("localhost", true, true)) {
            Instant now = Fixtures.now();
            AuthorizationCode code = Fixtures.code(Fixtures.key(), now, Duration.ofMinutes(1));
            storage.codes().save(code, now);
            assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume(code.codeHash(), now));
            assertTrue(storage.checkHealth().up());
        }
    }

    @Test
    void storageWhenCaNotTrustedThenUnavailable() {
        Instant now = Fixtures.now();
        try (RedisStorage storage = storage("localhost", false, true)) {
            assertThrows(StorageUnavailableException.class, () -> storage.clients().find("c", now));
            assertFalse(storage.checkHealth().up());
        }
    }

    @Test
    void storageWhenCertificateNamesAnotherHostThenUnavailableUnlessHostnameCheckOff() {
        Instant now = Fixtures.now();
        try (RedisStorage strict = storage("127.0.0.1", true, true)) {
            assertThrows(StorageUnavailableException.class, () -> strict.clients().find("c", now));
        }
        try (RedisStorage lax = storage("127.0.0.1", true, false)) {
            assertEquals(List.of(), lax.clients().find("c", now).stream().toList());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
