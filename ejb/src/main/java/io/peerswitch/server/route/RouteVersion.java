package io.peerswitch.server.route;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The number of the latest route change: one row, locked by every writer so that change numbers commit in order. */
@Entity
@Table(name = "route_version")
public class RouteVersion {

    /** The only row's key. */
    public static final int ID = 1;

    @Id
    @Column(name = "id", nullable = false)
    private int id;

    @Column(name = "version", nullable = false)
    private long version;

    protected RouteVersion() {
    }

    public long getVersion() {
        return version;
    }

    long next() {
        return ++version;
    }
}
