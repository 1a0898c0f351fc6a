package io.peerswitch.endpoint.media.rtcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The SDES items describing one source (RFC 3550 section 6.5). */
public record SdesChunk(long ssrc, List<SdesItem> items) {

    /** Checks the SSRC and copies the list. */
    public SdesChunk {
        Unsigned.check32(ssrc, "SSRC");
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** The source's CNAME, if the chunk has one. */
    public Optional<String> cname() {
        return items.stream().filter(item -> item.type() == SdesItem.CNAME).map(SdesItem::text).findFirst();
    }
}
