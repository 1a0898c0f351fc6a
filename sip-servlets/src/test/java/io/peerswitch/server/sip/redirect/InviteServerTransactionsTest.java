package io.peerswitch.server.sip.redirect;

import static io.peerswitch.server.sip.redirect.Trunks.invite;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.sip.redirect.InviteServerTransactions.State;
import io.peerswitch.server.sip.redirect.InviteServerTransactions.Verdict;
import io.peerswitch.wire.sip.SipRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 section 17.2.1 (figure 7) from Completed: Timer G doubling to T2, the ACK, Timers H and I, matching of section 17.2.3. */
class InviteServerTransactionsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final byte[] RESPONSE = "SIP/2.0 407 Proxy Authentication Required\r\n\r\n".getBytes();

    private final InviteServerTransactions<String> table = new InviteServerTransactions<>(10);

    private static SipRequest ack(SipRequest invite) {
        return new SipRequest("ACK", invite.requestUri(), invite.headers(), new byte[0]).withHeader("CSeq", "1 ACK");
    }

    private static SipRequest cancel(SipRequest invite) {
        return new SipRequest("CANCEL", invite.requestUri(), invite.headers(), new byte[0]).withHeader("CSeq", "1 CANCEL");
    }

    /** The instants Timer G fires at until {@code until}, stepping 100 ms. */
    private List<Long> retransmissionsUntil(Duration until) {
        List<Long> at = new ArrayList<>();
        for (long ms = 0; ms <= until.toMillis(); ms += 100) {
            if (!table.fire(T0.plusMillis(ms)).isEmpty()) {
                at.add(ms);
            }
        }
        return at;
    }

    @Test
    void overUdpTheResponseIsRetransmittedOnTimerGDoublingUpToT2UntilTimerH() {
        SipRequest invite = invite("alice", "z9hG4bK-g");
        assertThat(table.match(invite, T0)).isInstanceOf(Verdict.New.class);
        table.completed(invite, RESPONSE, "udp-peer", false, T0);

        List<Long> at = retransmissionsUntil(Duration.ofSeconds(33));

        // T1=500 ms: 0.5, 1.5, 3.5, 7.5, then every T2=4 s until Timer H (64*T1 = 32 s).
        assertThat(at).startsWith(500L, 1500L, 3500L, 7500L, 11500L, 15500L);
        assertThat(at.get(at.size() - 1)).isLessThan(32_000L);
        assertThat(table.size()).isZero();
        assertThat(table.timedOut()).isEqualTo(1);
    }

    @Test
    void theAckStopsRetransmissionsIsAbsorbedAndTimerIEndsTheTransaction() {
        SipRequest invite = invite("alice", "z9hG4bK-a");
        table.completed(invite, RESPONSE, "udp-peer", false, T0);
        assertThat(table.fire(T0.plusMillis(500))).hasSize(1);

        assertThat(table.match(ack(invite), T0.plusMillis(600))).isInstanceOf(Verdict.Absorbed.class);
        assertThat(table.state(invite)).contains(State.CONFIRMED);
        assertThat(table.match(invite, T0.plusMillis(700))).as("retransmitted INVITE in Confirmed").isInstanceOf(Verdict.Absorbed.class);
        assertThat(retransmissionsUntil(Duration.ofSeconds(5))).isEmpty();
        table.fire(T0.plusMillis(600).plus(InviteServerTransactions.T4));
        assertThat(table.size()).isZero();
        assertThat(table.timedOut()).isZero();
    }

    @Test
    void aRetransmittedInviteGetsTheSameResponseAgain() {
        SipRequest invite = invite("alice", "z9hG4bK-r");
        table.completed(invite, RESPONSE, "udp-peer", false, T0);

        Verdict<String> verdict = table.match(invite, T0.plusMillis(200));

        assertThat(verdict).isInstanceOf(Verdict.Resend.class);
        assertThat(((Verdict.Resend<String>) verdict).response()).isSameAs(RESPONSE);
        assertThat(((Verdict.Resend<String>) verdict).destination()).isEqualTo("udp-peer");
    }

    @Test
    void overTcpNothingIsRetransmittedAndTheAckEndsTheTransactionAtOnce() {
        SipRequest invite = invite("alice", "z9hG4bK-t", "TCP 192.0.2.10:5060");
        table.completed(invite, RESPONSE, "tcp-connection", true, T0);

        assertThat(retransmissionsUntil(Duration.ofSeconds(10))).isEmpty();
        table.match(ack(invite), T0.plusSeconds(10));
        assertThat(table.size()).isZero();
    }

    @Test
    void matchingUsesBranchAndSentByAndTheRfc2543FieldsWithoutTheMagicCookie() {
        SipRequest invite = invite("alice", "z9hG4bK-m");
        table.completed(invite, RESPONSE, "udp-peer", false, T0);
        SipRequest otherSentBy = invite("alice", "z9hG4bK-m", "UDP 192.0.2.11:5060");
        SipRequest old = invite("alice", "1234").withHeader("Via", "SIP/2.0/UDP 192.0.2.12");
        table.completed(old, RESPONSE, "old-peer", false, T0);

        assertThat(table.match(otherSentBy, T0)).isInstanceOf(Verdict.New.class);
        assertThat(table.match(old, T0)).isInstanceOf(Verdict.Resend.class);
        assertThat(table.match(old.withHeader("CSeq", "2 INVITE"), T0)).isInstanceOf(Verdict.New.class);
        assertThat(table.match(cancel(invite), T0)).isEqualTo(new Verdict.Cancel<String>(true));
        assertThat(table.match(cancel(otherSentBy), T0)).isEqualTo(new Verdict.Cancel<String>(false));
    }

    @Test
    void aFullTableAnswersStatelessly() {
        for (int i = 0; i < 12; i++) {
            table.completed(invite("alice", "z9hG4bK-f" + i), RESPONSE, "udp-peer", false, T0);
        }

        assertThat(table.size()).isEqualTo(10);
        assertThat(table.match(invite("alice", "z9hG4bK-f11"), T0)).isInstanceOf(Verdict.New.class);
    }
}
