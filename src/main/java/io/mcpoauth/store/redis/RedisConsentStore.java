package io.mcpoauth.store.redis;

import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ConsentStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.params.SetParams;

/** Remembered consents, one key per (subject, client) with a TTL at the consent's expiry. */
final class RedisConsentStore extends RedisStore implements ConsentStore {


    RedisConsentStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void save(ConsentRecord consent, Instant now) {
        String key = keys.consent(consent.subject(), consent.clientId());
        long ttl = Ttl.until(consent.expiresAt(), now);
        if (ttl <= 0) {
            redis.call("revoke consent", true, j -> j.del(key));
            return;
        }
        String value = RecordCodec.write(consent);
        redis.call("save consent", true, j -> j.set(key, value, SetParams.setParams().px(ttl)));
    }

    @Override
    public Optional<ConsentRecord> find(String subject, String clientId, Instant now) {
        String value = redis.call("find consent", true, j -> j.get(keys.consent(subject, clientId)));
        if (value == null) {
            return Optional.empty();
        }
        ConsentRecord consent = RecordCodec.readConsent(value);
        return consent.isExpired(now) ? Optional.empty() : Optional.of(consent);
    }

    /** {@code SCAN} of the consent keys, then a read of each. */
    @Override
    public void forEach(Instant now, Consumer<? super ConsentRecord> action) {
        redis.scanValues("export consents", keys.consents(), (key, value) -> {
            ConsentRecord consent = RecordCodec.readConsent(value);
            if (!consent.isExpired(now)) {
                action.accept(consent);
            }
        });
    }

    /** One {@code GETDEL}: of two callers revoking at once, exactly one gets the value. */
    @Override
    public boolean revoke(String subject, String clientId, Instant now) {
        String value = redis.call("revoke consent", false, j -> j.getDel(keys.consent(subject, clientId)));
        return value != null && !RecordCodec.readConsent(value).isExpired(now);
    }
}
