package io.peerswitch.endpoint.peer;

/** A buddy's state as FIG. 5 describes it, with the source text's icon colours. */
public enum Reachability {
    /** Not online (red). */
    OFFLINE("red"),
    /** Online according to the access server, not yet heard from directly (blue). */
    ONLINE("blue"),
    /** Answered or announced itself directly (green). */
    CONFIRMED("green"),
    /** Online according to the server, but no answer within the timeout (stays blue, marked unreachable). */
    UNREACHABLE("blue");

    private final String colour;

    Reachability(String colour) {
        this.colour = colour;
    }

    /** The icon colour of FIG. 5's buddy list. */
    public String colour() {
        return colour;
    }
}
