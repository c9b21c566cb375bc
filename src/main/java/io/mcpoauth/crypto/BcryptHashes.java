package io.mcpoauth.crypto;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks configured password and secret hashes: bcrypt, cost 10 or more. */
public final class BcryptHashes {

    public static final int MIN_COST = 10;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private BcryptHashes() {
    }

    public static String check(String key, String hash) {
        Matcher m = BCRYPT.matcher(hash);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be a bcrypt hash ($2a$, $2b$ or $2y$)");
        }
        if (Integer.parseInt(m.group(1)) < MIN_COST) {
            throw new IllegalArgumentException(key + ": bcrypt cost must be at least " + MIN_COST);
        }
        return hash;
    }
}
