package io.mcpoauth.migrate;

import io.mcpoauth.lang.Require;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How a record is laid out in a JSON object (see {@link RecordJson}): its members in order, how each is read off
 * the record, and how the members read back make the record again. The kinds an export carries have theirs
 * written out ({@link Layouts}), so a line stays the same however the record behind it is declared; a record
 * nested in a member (a client's keys, a subject's attributes) is laid out by its components ({@link #of}).
 *
 * @param members in the order they are written
 * @param create  the record, from the members' values (null for an absent one); its constructor says which
 *                may be absent
 */
record Layout<T>(List<Member<T>> members, Function<Values, T> create) {

    /**
     * One member.
     *
     * @param name  its name in the object
     * @param type  its Java type; a list or set of anything but strings says its elements ({@link #setOf})
     * @param value reads it off the record: null, or an empty {@code Optional}, leaves it out
     */
    record Member<T>(String name, Type type, Function<? super T, ?> value) {

        Member {
            Require.nonNull("name, type, value", name, type, value);
        }
    }

    /** The values read, by member name. */
    static final class Values {

        private final Map<String, Object> byName;

        Values(Map<String, Object> byName) {
            this.byName = byName;
        }

        /** The value of the member so named, converted to its type; null when absent. */
        @SuppressWarnings("unchecked")
        <V> V get(String name) {
            if (!byName.containsKey(name)) {
                throw new IllegalStateException("the layout has no member " + name);
            }
            return (V) byName.get(name);
        }
    }

    Layout {
        members = List.copyOf(members);
        Objects.requireNonNull(create, "create");
        if (members.stream().map(Member::name).distinct().count() != members.size()) {
            throw new IllegalStateException("a member named twice");
        }
    }

    static <T> Member<T> member(String name, Type type, Function<? super T, ?> value) {
        return new Member<>(name, type, value);
    }

    /** {@code List<E>}. */
    static Type listOf(Class<?> element) {
        return new Parameterized(List.class, element);
    }

    /** {@code Set<E>}. */
    static Type setOf(Class<?> element) {
        return new Parameterized(Set.class, element);
    }

    /** A record laid out by its components: their names and order, its canonical constructor. */
    static <T extends Record> Layout<T> of(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        List<Member<T>> members = Arrays.stream(components)
                .map(c -> member(c.getName(), c.getGenericType(), (T record) -> component(c, record))).toList();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return new Layout<>(members, values -> construct(type, types,
                Arrays.stream(components).map(c -> values.get(c.getName())).toArray()));
    }

    private static Object component(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    /** @throws RuntimeException what the constructor threw */
    private static <T> T construct(Class<T> type, Class<?>[] types, Object[] args) {
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record without a canonical constructor: " + type, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private record Parameterized(Class<?> raw, Type element) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {element};
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }
}
