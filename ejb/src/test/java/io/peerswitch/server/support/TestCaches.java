package io.peerswitch.server.support;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

/** An embedded Infinispan with local caches shaped like the server's {@code peerswitch} container. */
public final class TestCaches implements AutoCloseable {

    private final DefaultCacheManager manager = new DefaultCacheManager(
            new GlobalConfigurationBuilder().nonClusteredDefault().build());

    /** A local cache named {@code name}, like those wildfly-config creates. */
    public <K, V> Cache<K, V> cache(String name) {
        manager.defineConfiguration(name, new ConfigurationBuilder().build());
        return manager.getCache(name);
    }

    @Override
    public void close() {
        manager.stop();
    }
}
