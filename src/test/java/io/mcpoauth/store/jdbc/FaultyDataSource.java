package io.mcpoauth.store.jdbc;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource (a {@link Proxy}) over a real one whose connections fail as a server's pooled connections do
 * after a failover: a fault scripted for the next connection taken makes one method throw, and from then on
 * every call on that connection, {@code close} included, throws what a server's connection proxy throws for a
 * closed connection (an {@link UndeclaredThrowableException} around {@code SQLClientInfoException: This
 * connection has been closed}). It counts the connections taken and the writes ({@code executeUpdate}) run.
 */
final class FaultyDataSource {

    /** The exception a server's connection proxy threw in the field for a closed connection. */
    static RuntimeException closedByProxy() {
        return new UndeclaredThrowableException(new SQLClientInfoException("This connection has been closed.",
                "08003", Map.of()));
    }

    /** pgjdbc's error when the socket broke while a statement was sent or its reply awaited: it may have run. */
    static SQLException ioError() {
        return new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new IOException("Connection reset"));
    }

    /** pgjdbc's error on a connection it already knew to be closed: nothing is sent. */
    static SQLException knownClosed() {
        return new SQLException("This connection has been closed.", "08003");
    }

    /** What fails on one connection: a method of the connection, or an {@code execute} method of its statements. */
    record Fault(String method, Throwable thrown, boolean afterRunning) {
        Fault {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(thrown, "thrown");
        }

        /** The method throws without doing anything. */
        static Fault before(String method, Throwable thrown) {
            return new Fault(method, thrown, false);
        }

        /** The statement method ({@code executeQuery}, {@code executeUpdate}) runs, then its reply is lost. */
        static Fault after(String method, Throwable thrown) {
            return new Fault(method, thrown, true);
        }
    }

    private final DataSource target;
    private final ConcurrentLinkedQueue<Object> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    FaultyDataSource(DataSource target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The next connection taken fails as the fault says. */
    FaultyDataSource thenConnection(Fault fault) {
        script.add(fault);
        return this;
    }

    /** The next {@code getConnection} throws. */
    FaultyDataSource thenNoConnection(Throwable thrown) {
        script.add(thrown);
        return this;
    }

    /** Connections taken (successfully or not) since the last {@link #reset}. */
    int taken() {
        return taken.get();
    }

    /** Writes ({@code executeUpdate}) run on the database since the last {@link #reset}. */
    int writes() {
        return writes.get();
    }

    void reset() {
        script.clear();
        taken.set(0);
        writes.set(0);
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return invoke(target, method, args);
                    }
                    taken.incrementAndGet();
                    Object next = script.poll();
                    if (next instanceof Throwable t) {
                        throw t;
                    }
                    Connection real = (Connection) invoke(target, method, args);
                    return faulty(real, next instanceof Fault f ? f : new Fault("none", new AssertionError(), false));
                });
    }

    private Connection faulty(Connection real, Fault fault) {
        boolean[] broken = {false};
        InvocationHandler handler = (proxy, method, args) -> {
            if (broken[0]) {
                if (method.getName().equals("close")) {
                    real.close();
                }
                throw closedByProxy();
            }
            if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")) {
                Object statement = invoke(real, method, args);
                return statement(statement, fault, broken);
            }
            if (method.getName().equals(fault.method())) {
                broken[0] = true;
                throw fault.thrown();
            }
            return invoke(real, method, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Object statement(Object real, Fault fault, boolean[] broken) {
        Class<?> type = real instanceof PreparedStatement ? PreparedStatement.class : java.sql.Statement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (broken[0] && !method.getName().equals("close")) {
                throw closedByProxy();
            }
            boolean faulty = method.getName().startsWith("execute") && method.getName().equals(fault.method());
            if (faulty) {
                broken[0] = true;
                if (!fault.afterRunning()) {
                    throw fault.thrown();
                }
            }
            Object result = invoke(real, method, args);
            if (method.getName().equals("executeUpdate")) {
                writes.incrementAndGet();
            }
            if (faulty) {
                throw fault.thrown();
            }
            return result;
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
