package io.mcpoauth.store.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A client of the test Redis that counts the commands it sends, each one round trip: counted here, on this
 * client's own connections, so other users of the shared Redis change nothing (Redis's {@code INFO commandstats}
 * counts every client's).
 */
final class CountingClient {

    private final List<String> sent = new ArrayList<>();
    private final PooledConnectionProvider provider;
    private final UnifiedJedis jedis;

    CountingClient() {
        URI url = URI.create(RedisTests.URL);
        provider = new PooledConnectionProvider(new HostAndPort(url.getHost(), url.getPort()));
        DefaultCommandExecutor commands = new DefaultCommandExecutor(provider);
        CommandExecutor counting = new CommandExecutor() {
            @Override
            public <T> T executeCommand(CommandObject<T> command) {
                synchronized (sent) {
                    sent.add(command.getArguments().getCommand().toString());
                }
                return commands.executeCommand(command);
            }

            @Override
            public void close() {
                commands.close();
            }
        };
        jedis = new UnifiedJedis(counting, provider, (redis.clients.jedis.RedisProtocol) null, null) {
        };
    }

    UnifiedJedis jedis() {
        return jedis;
    }

    /** The commands sent since the last call, by name, and forgets them. */
    List<String> takeSent() {
        synchronized (sent) {
            List<String> taken = List.copyOf(sent);
            sent.clear();
            return taken;
        }
    }
}
