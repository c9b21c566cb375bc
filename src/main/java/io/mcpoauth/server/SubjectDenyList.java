package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Setting;
import io.mcpoauth.protocol.ParameterLimits;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code mcp.oauth.subjects.deny}: subjects refused for good, whatever the storage says, at authorization, at the
 * code exchange and at refresh (see {@link SubjectAccess}). Comma-separated, each subject exactly as the login
 * names it (compared case-sensitively; spaces around a comma are trimmed); empty by default.
 */
public record SubjectDenyList(Set<String> subjects) {

    public static final String KEY = "mcp.oauth.subjects.deny";
    public static final SubjectDenyList NONE = new SubjectDenyList(Set.of());

    public SubjectDenyList {
        subjects = Set.copyOf(subjects);
    }

    /** Reads the list; an empty entry ({@code a,,b}) or one longer than a subject may be fails naming the key. */
    public static SubjectDenyList load(ConfigSource c) {
        String value = c.get(KEY, "");
        if (value.isEmpty()) {
            return NONE;
        }
        Set<String> subjects = new LinkedHashSet<>();
        int max = ParameterLimits.maxLength("subject");
        for (String part : value.split(",", -1)) {
            String subject = part.trim();
            if (subject.isEmpty()) {
                throw new IllegalArgumentException(KEY + ": an empty subject in " + Setting.quote(value));
            }
            if (subject.length() > max) {
                throw new IllegalArgumentException(KEY + ": a subject is longer than " + max + " characters: "
                        + Setting.quote(subject));
            }
            subjects.add(subject);
        }
        return new SubjectDenyList(subjects);
    }

    public boolean denies(String subject) {
        return subject != null && subjects.contains(subject);
    }
}
