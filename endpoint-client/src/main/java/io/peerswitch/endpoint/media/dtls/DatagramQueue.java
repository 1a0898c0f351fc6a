package io.peerswitch.endpoint.media.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The DTLS side of a media port (RFC 5764 section 5.1.2): the receiver thread offers the datagrams whose first
 * byte says DTLS (RFC 7983: 20 to 63) to a bounded queue the handshake reads, and what the handshake writes
 * goes out through {@link Sender}, straight to the peer or wrapped for the reflector.
 */
public final class DatagramQueue implements DatagramTransport {

    /** DTLS datagrams waiting for the handshake thread; more are dropped and counted (a peer must not grow memory). */
    public static final int CAPACITY = 32;
    /**
     * Largest DTLS datagram sent or received: well under the 1,280-byte IPv6 minimum MTU, less the reflector's
     * header, so no flight is fragmented by IP on any path (RFC 6347 section 4.1.1.1).
     */
    public static final int MTU = 1100;

    /** Where the handshake's datagrams go. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] datagram, int offset, int length) throws IOException;
    }

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Sender sender;
    private volatile boolean closed;

    public DatagramQueue(Sender sender) {
        this.sender = sender;
    }

    /** Hands a received DTLS datagram to the handshake (any thread); false when the queue is full or closed. */
    public boolean offer(byte[] datagram) {
        if (closed || datagram.length > MTU * 2 || !inbound.offer(datagram)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Datagrams dropped because the queue was full, closed, or they were too long. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public int getReceiveLimit() {
        return MTU * 2;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("the media port closed");
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (datagram == null) {
            if (closed) {
                throw new IOException("the media port closed");
            }
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the media port closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
    }
}
