package io.mcpoauth.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A DataSource (a {@link Proxy}) over a real one that records each call that goes to the database and waits for
 * its answer, one round trip each with pgjdbc: a statement's execution (by the first word of its SQL), a commit
 * and a rollback. Setting auto-commit off sends nothing (pgjdbc sends {@code BEGIN} with the first statement).
 */
final class CountingDataSource {

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch");

    private final DataSource target;
    private final List<String> sent = new ArrayList<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target, (method, args, result) -> method.getName().equals("getConnection")
                ? connection((Connection) result) : result);
    }

    /** The calls sent since the last call, and forgets them. */
    List<String> takeSent() {
        synchronized (sent) {
            List<String> taken = List.copyOf(sent);
            sent.clear();
            return taken;
        }
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (method, args, result) -> {
            String name = method.getName();
            if (name.equals("commit") || name.equals("rollback")) {
                record(name.toUpperCase());
            }
            if (result instanceof Statement s && name.startsWith("prepare")) {
                String sql = (String) args[0];
                return statement(method.getReturnType(), s, sql);
            }
            return result;
        });
    }

    private Object statement(Class<?> type, Statement real, String sql) {
        String verb = sql.strip().split("\\s+", 2)[0].toUpperCase();
        return proxy(type, real, (method, args, result) -> result, method -> {
            if (EXECUTE.contains(method.getName())) {
                record(verb);
            }
        });
    }

    private void record(String call) {
        synchronized (sent) {
            sent.add(call);
        }
    }

    /** What a proxy does with a call's result. */
    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    /** What a proxy notes before a call. */
    @FunctionalInterface
    private interface Before {
        void note(Method method);
    }

    private static <T> T proxy(Class<T> type, Object real, After after) {
        return proxy(type, real, after, method -> { });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object real, After after, Before before) {
        InvocationHandler handler = (p, method, args) -> {
            before.note(method);
            try {
                return after.apply(method, args, method.invoke(real, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
