package io.mcpoauth.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for the tests, standing in for the server's: closing a connection gives it back
 * (rolled back, auto-commit on), and a broken one is dropped. It also records every SQL text prepared, for
 * tests that count statements.
 */
final class TestPool implements DataSource {

    private final DataSource target;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final List<String> prepared = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    TestPool(DataSource target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Starts recording prepared SQL, forgetting what was recorded before. */
    void record() {
        prepared.clear();
        recording = true;
    }

    List<String> recorded() {
        recording = false;
        return List.copyOf(prepared);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = idle.pollFirst();
        while (real != null && real.isClosed()) {
            real = idle.pollFirst();
        }
        if (real == null) {
            real = target.getConnection();
        }
        Connection connection = real;
        InvocationHandler handler = new InvocationHandler() {
            private boolean closed;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.getName().equals("close")) {
                    if (!closed) {
                        closed = true;
                        giveBack(connection);
                    }
                    return null;
                }
                if (method.getName().equals("isClosed")) {
                    return closed || connection.isClosed();
                }
                if (closed) {
                    throw new SQLException("connection closed", "08003");
                }
                if (recording && method.getName().equals("prepareStatement")) {
                    prepared.add((String) args[0]);
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private void giveBack(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            idle.addFirst(c);
        } catch (SQLException broken) {
            closeQuietly(c);
        }
    }

    /** Closes every idle connection. */
    void closeAll() {
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
