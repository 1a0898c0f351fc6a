package io.peerswitch.server.route;

import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A route of an external routing table (FIG. 12): pattern, gateway, credentials, number translation. */
@Entity
@Table(name = "external_route")
public class ExternalRouteRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "external_route_seq")
    @SequenceGenerator(name = "external_route_seq", sequenceName = "external_route_seq", allocationSize = 50)
    private Long id;

    @Column(name = "route_table", nullable = false, length = 64)
    private String table;

    @Column(name = "pattern", nullable = false, length = 64)
    private String pattern;

    @Column(name = "priority", nullable = false)
    private int priority;

    @Column(name = "gateway", nullable = false, length = 256)
    private String gateway;

    @Column(name = "username", length = 128)
    private String username;

    @Column(name = "password", length = 128)
    private String password;

    @Column(name = "strip", nullable = false)
    private int strip;

    @Column(name = "prefix", nullable = false, length = 16)
    private String prefix;

    @Column(name = "description", length = 256)
    private String description;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ExternalRouteRecord() {
    }

    public ExternalRouteRecord(RouteSpec spec, Instant now) {
        set(spec, now);
    }

    void set(RouteSpec spec, Instant now) {
        this.table = spec.table();
        this.pattern = spec.pattern();
        this.priority = spec.priority();
        this.gateway = spec.gateway();
        this.username = spec.username();
        this.password = spec.password();
        this.strip = spec.strip();
        this.prefix = spec.prefix() == null ? "" : spec.prefix();
        this.description = spec.description();
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getTable() {
        return table;
    }

    public ExternalRoute toWire() {
        return new ExternalRoute(id, table, pattern, priority, gateway, username, password, strip, prefix, description);
    }
}
