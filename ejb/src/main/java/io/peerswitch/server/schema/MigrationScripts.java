package io.peerswitch.server.schema;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts of {@code db/migration}, named here rather than found by scanning the class
 * path, which WildFly's virtual file system hides from Flyway. A unit test keeps the list complete.
 */
public final class MigrationScripts implements ResourceProvider {

    /** Where the scripts live on the class path. */
    public static final String LOCATION = "db/migration";
    /** Every script, in version order; add new ones at the end. */
    public static final List<String> SCRIPTS = List.of(
            "V1__accounts_buddies_subscriptions.sql",
            "V2__stored_messages.sql",
            "V3__buddy_requests.sql",
            "V4__voicemails.sql",
            "V5__sip_trunks_audit.sql",
            "V6__external_routes.sql",
            "V7__sealed_messages.sql",
            "V8__device_certificates.sql");

    private final ClassLoader loader;

    public MigrationScripts(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public LoadableResource getResource(String name) {
        return SCRIPTS.stream().filter(s -> name.equals(s) || name.equals(LOCATION + "/" + s))
                .findFirst().map(Script::new).orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return SCRIPTS.stream()
                .filter(s -> s.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s::endsWith))
                .<LoadableResource>map(Script::new)
                .toList();
    }

    private final class Script extends LoadableResource {

        private final String filename;

        Script(String filename) {
            this.filename = filename;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getRelativePath());
            if (in == null) {
                throw new UncheckedIOException(new java.io.FileNotFoundException("missing migration " + getRelativePath()));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return getRelativePath();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getRelativePath();
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return LOCATION + "/" + filename;
        }
    }
}
