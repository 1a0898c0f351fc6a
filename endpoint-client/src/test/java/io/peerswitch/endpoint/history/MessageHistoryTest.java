package io.peerswitch.endpoint.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.history.HistoryEntry.Direction;
import io.peerswitch.endpoint.history.HistoryEntry.Status;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageHistoryTest {

    @TempDir
    Path dir;

    @Test
    void keepsMessagesAcrossRestartsAndFindsThemByBuddyAndWords() throws Exception {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        long sent;
        try (MessageHistory history = MessageHistory.open(dir)) {
            sent = history.add(t, Direction.OUT, "bob", "Grüße aus Köln, 100% sicher", Status.FAILED).id();
            history.add(t.plusSeconds(1), Direction.IN, "bob", "danke!", Status.RECEIVED);
            history.add(t.plusSeconds(2), Direction.IN, "carol", "hello_world", Status.RECEIVED);
            history.setStatus(sent, Status.DELIVERED);
        }
        try (MessageHistory history = MessageHistory.open(dir)) {
            assertThat(history.search("bob", null, 10)).extracting(HistoryEntry::text)
                    .containsExactly("Grüße aus Köln, 100% sicher", "danke!");
            assertThat(history.search(null, "KÖLN", 10)).singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(Status.DELIVERED));
            assertThat(history.search(null, "100%", 10)).hasSize(1);
            assertThat(history.search(null, "_", 10)).extracting(HistoryEntry::peer).containsExactly("carol");
            assertThat(history.search(null, null, 2)).extracting(HistoryEntry::text).containsExactly("danke!", "hello_world");
        }
    }
}
