package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * What a user sees: headless Chromium, driven by playwright-core (src/test/browser/consent.mjs), opens
 * /authorize on the README's embedded default ({@code server-config/payara-micro/demo.properties}), signs in
 * through the demo form and answers the consent page: denied, the browser lands on the client's loopback
 * redirect URI with {@code access_denied}; approved, with a code that buys a token; asked again, consent is
 * remembered. Along the way it checks the consent page's content, its anti-framing headers and CSRF cookie,
 * that the pages load nothing from elsewhere, and that the sign-in page does not render in a foreign frame.
 * A screenshot of the consent page is left in {@code target/browser/consent.png} (docs/consent.png is a copy).
 *
 * <p>Needs Chromium at /usr/bin/chromium (Debian's {@code chromium} package, which .ci/run installs) or where
 * CHROMIUM_PATH says, and Node 20+ with npm. Without them the test fails rather than skips: a skipped
 * browser test would hide a broken build.
 */
class BrowserConsentIT {

    private static final int PORT = 8686;
    private static final NodeScript SCRIPT = new NodeScript("src/test/browser");
    /** The script gives up by itself after 90 s; this is the backstop. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void consentWhenAnsweredInChromiumThenDenyGivesAccessDeniedAndApproveGivesCode() throws Exception {
        Path chromium = Path.of(Optional.ofNullable(System.getenv("CHROMIUM_PATH")).orElse("/usr/bin/chromium"));
        assertTrue(Files.isExecutable(chromium), () -> "no Chromium at " + chromium + ": install Debian's chromium "
                + "and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does so)");
        SCRIPT.installIfStale();
        Path screenshot = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("target/browser/consent.png");
        Files.deleteIfExists(screenshot);

        // A fresh server each run: consent, once approved, is remembered, and the script denies first.
        try (PayaraProcess server = PayaraProcess.start(PORT, new File("server-config/payara-micro/demo.properties"))) {
            NodeScript.Result result = SCRIPT.run(SCRIPT_TIMEOUT, "node", "consent.mjs",
                    server.base().toString(), screenshot.toString());

            assertEquals(0, result.exitCode(), () -> "consent.mjs failed; its output:\n" + result.output()
                    + "\nthe server's log ends with:\n" + tail(server));
        }
        try (InputStream png = Files.newInputStream(screenshot)) {
            assertArrayEquals(PNG_SIGNATURE, png.readNBytes(PNG_SIGNATURE.length), "the screenshot is no PNG");
        }
    }

    private static String tail(PayaraProcess server) {
        try {
            return server.tail();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }
}
