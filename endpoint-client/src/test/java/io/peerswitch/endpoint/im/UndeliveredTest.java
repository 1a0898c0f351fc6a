package io.peerswitch.endpoint.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.im.ImControl.Attempt;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.im.ImControl.Outcome.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which undelivered messages go to the access server (claims 16-18) and which a buddy refused. */
class UndeliveredTest {

    @Test
    void noLocationIsOffline() {
        assertThat(ImControl.notDelivered("bob", List.of()))
                .isEqualTo(new Outcome.NotDelivered("bob is not online", Cause.OFFLINE));
    }

    @Test
    void noAnswerFromAnyLocationIsUnreachable() {
        assertThat(ImControl.notDelivered("bob", List.of(
                new Attempt("b1", 0, "no answer (transaction timeout)"),
                new Attempt("b2", 0, "not sent: connection refused"))))
                .isEqualTo(new Outcome.NotDelivered("not sent: connection refused", Cause.UNREACHABLE));
    }

    @Test
    void anAnswerFromAnyLocationIsARefusalEvenWhenAnotherDidNotAnswer() {
        assertThat(ImControl.notDelivered("bob", List.of(new Attempt("b1", 403, "403 Forbidden"))))
                .isEqualTo(new Outcome.NotDelivered("403 Forbidden", Cause.REFUSED));
        assertThat(ImControl.notDelivered("bob", List.of(
                new Attempt("b1", 486, "486 Busy Here"),
                new Attempt("b2", 0, "no answer (transaction timeout)"))))
                .isEqualTo(new Outcome.NotDelivered("486 Busy Here", Cause.REFUSED));
    }

    @Test
    void notNowAnswersCountAsUnreachable() {
        for (int status : new int[] {408, 480, 503}) {
            assertThat(ImControl.notDelivered("bob", List.of(new Attempt("b1", status, status + " Not Now"))).cause())
                    .as("status %d", status).isEqualTo(Cause.UNREACHABLE);
        }
        assertThat(ImControl.notDelivered("bob", List.of(
                new Attempt("b1", 480, "480 Temporarily Unavailable"),
                new Attempt("b2", 603, "603 Decline"))).cause()).isEqualTo(Cause.REFUSED);
    }

    @Test
    void onlyOfflineAndUnreachableAreStored() {
        assertThat(List.of(Cause.values())).filteredOn(Cause::storable).containsExactly(Cause.OFFLINE, Cause.UNREACHABLE);
        assertThat(new Outcome.Stored(Cause.OFFLINE, "m1").reason()).isEqualTo("offline");
        assertThat(new Outcome.Stored(Cause.UNREACHABLE, "m1").reason()).isEqualTo("unreachable");
        assertThatThrownBy(() -> new Outcome.Stored(Cause.REFUSED, "m1")).isInstanceOf(IllegalArgumentException.class);
    }
}
