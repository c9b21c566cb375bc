package io.mcpoauth.store.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** What a Jedis failure says about whether the command ran. */
final class Failures {

    /** Error replies by which Redis refuses a command without running it. */
    private static final List<String> REFUSALS = List.of(
            "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "NOREPLICAS");

    private Failures() {
    }

    /** No client could be built: nothing was sent. */
    static final class NotConnectedException extends JedisConnectionException {
        private static final long serialVersionUID = 1L;

        NotConnectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * True only when the command certainly did not run: no connection could be made or taken from the pool,
     * or Redis refused it with an error reply. A timeout or a connection lost after sending is not such a
     * case: the command may have run.
     */
    static boolean notExecuted(JedisException e) {
        if (e instanceof NotConnectedException) {
            return true;
        }
        if (e instanceof JedisDataException) {
            String message = String.valueOf(e.getMessage());
            return REFUSALS.stream().anyMatch(message::startsWith);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    /** True when the failure is a reply that did not come in time (Redis slow, not gone). */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The exception and its root cause in one line, for logs. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (" + root + ")";
    }
}
