package io.mcpoauth.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Request parameters of an OAuth endpoint, from the query or a form body, within the caps of
 * {@link ParameterLimits} (checked when they are wrapped, before anything reads them).
 */
public final class Parameters {

    private final Map<String, List<String>> values;

    /** @throws OAuthException {@code invalid_request} when a parameter is too long or there are too many */
    public Parameters(Map<String, List<String>> values) {
        this.values = Objects.requireNonNull(values, "values");
        ParameterLimits.check(values);
    }

    public static Parameters of(Map<String, String> single) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        single.forEach((k, v) -> m.put(k, List.of(v)));
        return new Parameters(m);
    }

    /**
     * The single value of a parameter, or null when absent. RFC 6749 3.1: a parameter sent without a value
     * is treated as omitted, and a parameter must not be sent more than once.
     */
    public String single(String name) {
        List<String> list = nonEmpty(name);
        if (list.size() > 1) {
            throw OAuthException.invalidRequest("parameter " + name + " must not be repeated");
        }
        return list.isEmpty() ? null : list.get(0);
    }

    public boolean isRepeated(String name) {
        return nonEmpty(name).size() > 1;
    }

    /** Every value of a parameter that may repeat (RFC 8707 {@code resource}). */
    public List<String> all(String name) {
        return nonEmpty(name);
    }

    private List<String> nonEmpty(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (String v : list) {
            if (v != null && !v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
