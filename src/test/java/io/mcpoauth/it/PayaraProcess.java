package io.mcpoauth.it;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro server in its own process running the built WAR, for tests that need more than one
 * instance, a restart, or the exact command the README gives. Its log goes to {@code target/payara-<port>.log}.
 */
public final class PayaraProcess implements RunningServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final int port;
    private final Process process;
    private final File log;

    private PayaraProcess(int port, Process process, File log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a server on the port with the given MicroProfile Config properties (passed with
     * {@code --systemproperties}) and extra Payara Micro arguments, and waits until the application answers.
     */
    public static PayaraProcess start(int port, Map<String, String> properties, String... extraArgs)
            throws IOException, InterruptedException {
        return start(port, properties, Map.of(), extraArgs);
    }

    /** Like {@link #start(int, Map, String...)}, with environment variables added to the server's process. */
    public static PayaraProcess start(int port, Map<String, String> properties, Map<String, String> env,
            String... extraArgs) throws IOException, InterruptedException {
        File props = new File(target(), "payara-" + port + ".properties");
        Properties p = new Properties();
        p.putAll(properties);
        try (OutputStream out = new FileOutputStream(props)) {
            p.store(out, "test server on port " + port);
        }
        return launch(port, props, env, extraArgs);
    }

    /** Starts a server with a properties file as it is, the way the README's commands do. */
    public static PayaraProcess start(int port, File props, String... extraArgs)
            throws IOException, InterruptedException {
        return launch(port, props, Map.of(), extraArgs);
    }

    private static PayaraProcess launch(int port, File props, Map<String, String> env, String... extraArgs)
            throws IOException, InterruptedException {
        File target = target();
        File tmp = new File(target, "payara-tmp-" + port);
        Files.createDirectories(tmp.toPath());
        List<String> cmd = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Djava.io.tmpdir=" + tmp.getPath(),
                "-jar", new File(target, "payara-micro.jar").getPath(),
                "--deploy", new File(target, "mcp-oauth.war").getPath(),
                "--port", String.valueOf(port),
                "--nocluster", "--disablephonehome",
                "--systemproperties", props.getPath()));
        cmd.addAll(List.of(extraArgs));
        File log = new File(target, "payara-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().putAll(env);
        Process process = builder.start();
        PayaraProcess server = new PayaraProcess(port, process, log);
        server.awaitReady();
        return server;
    }

    private static File target() {
        return new File(System.getProperty("mcp.oauth.war", "target/mcp-oauth.war")).getAbsoluteFile()
                .getParentFile();
    }

    @Override
    public URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    /** MicroProfile Health on Payara Micro is on the application's port. */
    @Override
    public URI health() {
        return base().resolve("health/");
    }

    public int port() {
        return port;
    }

    /** Stops the server and waits for its process to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro on port " + port + " exited: " + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        base().resolve(".well-known/oauth-authorization-server")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("Payara Micro on port " + port + " did not start in time: " + tail());
    }

    /** The end of the server's log, for failure messages. */
    public String tail() throws IOException {
        String text = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
