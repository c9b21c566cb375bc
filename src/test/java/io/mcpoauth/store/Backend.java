package io.mcpoauth.store;

import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A storage backend the contract suites run against, named as reports show it. The storages one backend opens
 * share one namespace (a Redis key prefix, a table prefix), except those from {@link #newEmptyStorage()}, which
 * get an empty one each. Nothing starts before the first storage is asked for; {@link #close()} drops every
 * namespace the backend made and stops the server it started, so a suite leaves nothing behind.
 */
public final class Backend implements AutoCloseable {

    /** A namespace storages open on, dropped when the backend closes. */
    @FunctionalInterface
    public interface Space {
        Storage open();

        default void drop() throws Exception {
        }

        static Space of(Supplier<Storage> open, Step drop) {
            return new Space() {
                @Override
                public Storage open() {
                    return open.get();
                }

                @Override
                public void drop() throws Exception {
                    drop.run();
                }
            };
        }
    }

    /** A step that may fail. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** A server of the backend's own, started before its first storage and stopped when it closes. */
    public record Server(Step start, Step stop) {
    }

    private static final Server NONE = new Server(() -> { }, () -> { });

    private final String name;
    private final Supplier<Space> spaces;
    private final Server server;
    private final Function<Storage, RateLimiter> rateLimiter;
    private final List<Space> made = new ArrayList<>();
    private Space shared;
    private boolean started;

    private Backend(String name, Supplier<Space> spaces, Server server, Function<Storage, RateLimiter> rateLimiter) {
        this.name = Objects.requireNonNull(name, "name");
        this.spaces = Objects.requireNonNull(spaces, "spaces");
        this.server = Objects.requireNonNull(server, "server");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    /** A backend that needs no server; its rate limiter is one in memory, as the producer makes it. */
    public static Backend of(String name, Supplier<Space> spaces) {
        return new Backend(name, spaces, NONE, storage -> new MemoryRateLimiter());
    }

    /** This backend, with a server started before its first storage. */
    public Backend on(Server server) {
        return new Backend(name, spaces, server, rateLimiter);
    }

    /** This backend, with the rate limiter the storage provides. */
    public Backend limitingWith(Function<Storage, RateLimiter> rateLimiter) {
        return new Backend(name, spaces, server, rateLimiter);
    }

    public String name() {
        return name;
    }

    /** A storage in the namespace every storage of this backend shares. */
    public synchronized Storage newStorage() {
        if (shared == null) {
            shared = newSpace();
        }
        return shared.open();
    }

    /** A storage in an empty namespace of its own, for a test that enumerates what it saved. */
    public synchronized Storage newEmptyStorage() {
        return newSpace().open();
    }

    /** The rate limiter that goes with a storage of this backend. */
    public RateLimiter rateLimiter(Storage storage) {
        return rateLimiter.apply(storage);
    }

    private Space newSpace() {
        if (!started) {
            try {
                server.start().run();
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not start", e);
            }
            started = true;
        }
        Space space = spaces.get();
        made.add(space);
        return space;
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            for (Space space : made) {
                space.drop();
            }
        } finally {
            made.clear();
            shared = null;
            if (started) {
                started = false;
                server.stop().run();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
