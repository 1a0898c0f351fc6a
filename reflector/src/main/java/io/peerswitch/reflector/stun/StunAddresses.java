package io.peerswitch.reflector.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a STUN server listens: one primary transport address, and optionally an alternate one with a
 * different IP address <em>and</em> port, which gives the four sockets NAT behaviour discovery needs
 * (RFC 5780 section 6; RFC 3489 section 8.1: A1:P1, A1:P2, A2:P1, A2:P2).
 */
public record StunAddresses(InetSocketAddress primary, Optional<InetSocketAddress> alternate) {

    /** One of the four sockets: which IP address (0 primary, 1 alternate) and which port. */
    public record Slot(int ip, int port) {

        /** The primary IP address and port. */
        public static final Slot PRIMARY = new Slot(0, 0);

        public Slot {
            if ((ip & ~1) != 0 || (port & ~1) != 0) {
                throw new IllegalArgumentException("slot indexes are 0 or 1: " + ip + "," + port);
            }
        }

        /** The slot a response comes from when a request received here asks to change IP and/or port. */
        public Slot changed(boolean changeIp, boolean changePort) {
            return new Slot(changeIp ? 1 - ip : ip, changePort ? 1 - port : port);
        }
    }

    public StunAddresses {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(alternate, "alternate");
        if (alternate.isPresent()) {
            InetSocketAddress other = alternate.get();
            if (primary.getAddress().isAnyLocalAddress() || other.getAddress().isAnyLocalAddress()) {
                throw new IllegalArgumentException("with an alternate address both addresses must be specific, not a wildcard");
            }
            if (primary.getAddress().getClass() != other.getAddress().getClass()) {
                throw new IllegalArgumentException("the alternate address must be of the same family as the primary");
            }
            if (primary.getAddress().equals(other.getAddress())) {
                throw new IllegalArgumentException("the alternate IP address must differ from the primary " + primary.getAddress().getHostAddress());
            }
            if (primary.getPort() == other.getPort() || primary.getPort() == 0 || other.getPort() == 0) {
                throw new IllegalArgumentException("with an alternate address both ports must be fixed and differ");
            }
        }
    }

    /** A server on one address only: CHANGE-REQUEST is refused with 420 (RFC 5780 section 6.1). */
    public static StunAddresses single(InetSocketAddress primary) {
        return new StunAddresses(primary, Optional.empty());
    }

    /** Whether the server can answer from another address and port (NAT behaviour discovery). */
    public boolean discovery() {
        return alternate.isPresent();
    }

    /** The transport address of {@code slot}. */
    public InetSocketAddress address(Slot slot) {
        if (slot.equals(Slot.PRIMARY)) {
            return primary;
        }
        InetSocketAddress other = alternate.orElseThrow(() -> new IllegalArgumentException("no alternate address"));
        InetAddress ip = slot.ip() == 0 ? primary.getAddress() : other.getAddress();
        int port = slot.port() == 0 ? primary.getPort() : other.getPort();
        return new InetSocketAddress(ip, port);
    }

    /** Every slot the server binds: the primary alone, or all four. */
    public List<Slot> slots() {
        if (!discovery()) {
            return List.of(Slot.PRIMARY);
        }
        List<Slot> slots = new ArrayList<>(4);
        for (int ip = 0; ip < 2; ip++) {
            for (int port = 0; port < 2; port++) {
                slots.add(new Slot(ip, port));
            }
        }
        return List.copyOf(slots);
    }
}
