package io.peerswitch.server.route;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One numbered change of a route in a table (FIG. 14 step 1410): written or removed at that version. */
@Entity
@Table(name = "route_change")
@IdClass(RouteChangeRecord.Key.class)
public class RouteChangeRecord {

    /** The primary key: version, table, route. */
    public record Key(long version, String table, long routeId) implements Serializable {
        public Key() {
            this(0, null, 0);
        }
    }

    @Id
    @Column(name = "version", nullable = false)
    private long version;

    @Id
    @Column(name = "route_table", nullable = false, length = 64)
    private String table;

    @Id
    @Column(name = "route_id", nullable = false)
    private long routeId;

    @Column(name = "removed", nullable = false)
    private boolean removed;

    @Column(name = "at", nullable = false)
    private Instant at;

    protected RouteChangeRecord() {
    }

    public RouteChangeRecord(long version, String table, long routeId, boolean removed, Instant at) {
        this.version = version;
        this.table = table;
        this.routeId = routeId;
        this.removed = removed;
        this.at = at;
    }

    public long getVersion() {
        return version;
    }

    public long getRouteId() {
        return routeId;
    }

    public boolean isRemoved() {
        return removed;
    }
}
