package io.peerswitch.endpoint.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualEventLoopTest {

    @Test
    void runsTimersInOrderAtTheirTimeAndNotWhenCancelled() {
        ManualEventLoop loop = new ManualEventLoop(Instant.EPOCH);
        List<String> ran = new ArrayList<>();
        loop.schedule(Duration.ofSeconds(2), () -> ran.add("b@" + loop.now().getEpochSecond()));
        loop.schedule(Duration.ofSeconds(1), () -> {
            ran.add("a@" + loop.now().getEpochSecond());
            loop.schedule(Duration.ofSeconds(5), () -> ran.add("c@" + loop.now().getEpochSecond()));
        });
        EventLoop.Timer cancelled = loop.schedule(Duration.ofSeconds(3), () -> ran.add("never"));
        loop.execute(() -> ran.add("now"));

        cancelled.cancel();
        loop.advance(Duration.ofSeconds(4));
        assertThat(ran).containsExactly("now", "a@1", "b@2");
        loop.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("now", "a@1", "b@2", "c@6");
        assertThat(loop.now()).isEqualTo(Instant.EPOCH.plusSeconds(6));
    }
}
