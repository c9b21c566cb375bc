package io.mcpoauth.store.redis;

import io.mcpoauth.lang.Require;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from {@code src/main/resources/io/mcpoauth/store/redis/<name>.lua}, run by its SHA-1 with
 * {@code EVALSHA}. The SHA-1 is computed here, so it is known without asking Redis; {@link RedisExecutor}
 * loads the script when Redis answers {@code NOSCRIPT} (after a restart, a failover or a {@code SCRIPT FLUSH}).
 */
record Script(String name, String source, String sha1) {

    static final Script CONSUME_CODE = load("consume-code");
    static final Script ROTATE_REFRESH = load("rotate-refresh");
    static final Script REVOKE_GRANT = load("revoke-grant");
    static final Script SAVE_CLIENT = load("save-client");
    static final Script DELETE_CLIENT = load("delete-client");
    static final Script COUNT_CLIENTS = load("count-clients");
    static final Script RATE_HIT = load("rate-hit");
    static final Script RATE_PEEK = load("rate-peek");
    static final Script IMPORT_REFRESH = load("import-refresh");
    static final Script RATE_CHECK = load("rate-check");
    static final Script RATE_ADD = load("rate-add");
    static final Script FIND_ACCESS = load("find-access");
    static final Script FIND_REFRESH = load("find-refresh");
    static final Script MARK_USED = load("mark-used");
    static final Script SAVE_GRANT = load("save-grant");
    static final Script INDEX_GRANT = load("index-grant");
    static final Script PAGE_GRANTS = load("page-grants");
    static final Script REMOVE_GRANT = load("remove-grant");
    static final Script PAGE_CLIENTS = load("page-clients");
    static final Script PUT_SIGNING_KEY = load("put-signing-key");

    Script {
        Require.nonNull("name, source, sha1", name, source, sha1);
    }

    static Script load(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(name, source, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
