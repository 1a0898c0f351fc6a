package io.peerswitch.server.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationScriptsTest {

    @Test
    void namesEveryScriptInTheMigrationDirectory() throws Exception {
        URI dir = getClass().getClassLoader().getResource(MigrationScripts.LOCATION).toURI();
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(MigrationScripts.SCRIPTS);
        }
    }

    @Test
    void offersVersionedScriptsToFlyway() {
        MigrationScripts scripts = new MigrationScripts(getClass().getClassLoader());

        assertThat(scripts.getResources("V", new String[] {".sql"})).hasSize(MigrationScripts.SCRIPTS.size());
        assertThat(scripts.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(scripts.getResource("db/migration/" + MigrationScripts.SCRIPTS.getFirst()).getFilename())
                .isEqualTo(MigrationScripts.SCRIPTS.getFirst());
    }
}
