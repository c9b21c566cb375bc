package io.mcpoauth.it;

import java.net.URI;

/** A server a test started in a process of its own, running the built WAR; closing it stops the process. */
interface RunningServer extends AutoCloseable {

    /** The application, e.g. {@code http://localhost:8780/}. */
    URI base();

    /** Where MicroProfile Health's {@code ready} and {@code live} are. */
    URI health();

    @Override
    void close() throws InterruptedException;
}
