package io.peerswitch.endpoint.media.rtcp;

import java.util.List;
import java.util.Objects;

/** A source description packet (RFC 3550 section 6.5): one chunk of items per source. */
public record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {

    /** Copies the list and checks its size. */
    public SourceDescription {
        chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
        if (chunks.size() > MAX_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_COUNT + " SDES chunks, got " + chunks.size());
        }
    }

    /** The usual one-chunk SDES: the sender's SSRC and its CNAME. */
    public static SourceDescription cname(long ssrc, String cname) {
        return new SourceDescription(List.of(new SdesChunk(ssrc, List.of(SdesItem.cname(cname)))));
    }

    @Override
    public int packetType() {
        return SDES;
    }
}
