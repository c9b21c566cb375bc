package io.mcpoauth.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary and a streaming standby of the test's own, on free loopback ports, in a directory under
 * {@code target/}: made with {@code initdb} and {@code pg_basebackup} from the installed PostgreSQL, run as the
 * {@code postgres} user (PostgreSQL refuses to run as root), trust authentication on loopback only. Replication
 * is synchronous: the primary acknowledges a commit only once the standby has it, so a failover loses nothing
 * that was acknowledged.
 */
final class PostgresPair implements AutoCloseable {

    static final String DATABASE = "mcp";
    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int standbyPort;

    private PostgresPair(Path bin, Path dir, int primaryPort, int standbyPort) {
        this.bin = Objects.requireNonNull(bin, "bin");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** Makes and starts both servers, the standby streaming synchronously from the primary. */
    static PostgresPair start() throws IOException, InterruptedException {
        Path dir = ServerProcess.target().resolve("pg-failover");
        if (Files.exists(dir)) {
            run(null, List.of("rm", "-rf", dir.toString()));
        }
        Files.createDirectories(dir);
        run(null, List.of("chown", OS_USER, dir.toString()));
        PostgresPair pair = new PostgresPair(postgresBin(), dir, LoopbackPorts.free(), LoopbackPorts.free());
        try {
            pair.makePrimary();
            pair.makeStandby();
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The JDBC URL naming both servers, for whichever is the primary. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + DATABASE
                + "?targetServerType=primary";
    }

    /** Kills the primary as a crash would: no checkpoint, no goodbye to its clients. */
    void killPrimary() throws IOException, InterruptedException {
        asPostgres(List.of(tool("pg_ctl"), "-D", data("primary"), "stop", "-m", "immediate", "-w"));
    }

    /** Promotes the standby, and returns once it accepts writes. */
    void promoteStandby() throws IOException, InterruptedException {
        asPostgres(List.of(tool("pg_ctl"), "-D", data("standby"), "promote", "-w", "-t", "30"));
    }

    /** What {@code psql} prints for the query on the server on the port (tuples only, unaligned). */
    String query(int port, String sql) throws IOException, InterruptedException {
        return asPostgres(List.of(tool("psql"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres",
                "-d", DATABASE, "-Atc", sql)).trim();
    }

    int primaryPort() {
        return primaryPort;
    }

    int standbyPort() {
        return standbyPort;
    }

    private void makePrimary() throws IOException, InterruptedException {
        asPostgres(List.of(tool("initdb"), "-D", data("primary"), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8"));
        Files.writeString(Path.of(data("primary"), "postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + dir + "'",
                "wal_level = replica",
                "max_wal_senders = 4",
                "shared_buffers = 16MB",
                "max_connections = 60",
                "fsync = off",
                ""), java.nio.file.StandardOpenOption.APPEND);
        startServer("primary", primaryPort);
        asPostgres(List.of(tool("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U", "postgres",
                DATABASE));
    }

    private void makeStandby() throws IOException, InterruptedException {
        asPostgres(List.of(tool("pg_basebackup"), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort),
                "-U", "postgres", "-D", data("standby"), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"));
        startServer("standby", standbyPort);
        // Synchronous only now that the standby is there: a commit waits for it (CREATE DATABASE would wait forever).
        query(primaryPort, "ALTER SYSTEM SET synchronous_standby_names = '*'");
        query(primaryPort, "SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"sync".equals(query(primaryPort, "SELECT sync_state FROM pg_stat_replication"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby did not become a synchronous standby");
            }
            Thread.sleep(200);
        }
    }

    private void startServer(String name, int port) throws IOException, InterruptedException {
        asPostgres(List.of(tool("pg_ctl"), "-D", data(name), "-l", dir.resolve(name + ".log").toString(),
                "-o", "-p " + port, "-w", "-t", "60", "start"));
    }

    private String data(String name) {
        return dir.resolve(name).toString();
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String name : List.of("primary", "standby")) {
            if (Files.exists(Path.of(data(name), "postmaster.pid"))) {
                try {
                    asPostgres(List.of(tool("pg_ctl"), "-D", data(name), "stop", "-m", "immediate", "-w"));
                } catch (IllegalStateException alreadyStopped) {
                    // stopped by the test
                }
            }
        }
    }

    private String asPostgres(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        full.addAll(command);
        return run(dir.toFile(), full);
    }

    private static String run(File directory, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    /** The newest installed PostgreSQL's programs. */
    private static Path postgresBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/pg_ctl").canExecute());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("no PostgreSQL server programs under /usr/lib/postgresql");
        }
        return Arrays.stream(versions).max((a, b) -> Integer.compare(Integer.parseInt(a.getName()),
                Integer.parseInt(b.getName()))).orElseThrow().toPath().resolve("bin");
    }
}
