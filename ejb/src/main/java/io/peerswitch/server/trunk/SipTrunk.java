package io.peerswitch.server.trunk;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.trunk.TrunkView;
import io.peerswitch.wire.trunk.AddressRange;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An external SIP device that may send INVITEs to the redirect server (FIG. 15): its digest HA1 per algorithm
 * for one realm (RFC 8760; never the password) and the users it may reach.
 */
@Entity
@Table(name = "sip_trunk")
public class SipTrunk {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sip_trunk_seq")
    @SequenceGenerator(name = "sip_trunk_seq", sequenceName = "sip_trunk_seq", allocationSize = 50)
    private Long id;

    @Column(name = "name", nullable = false, unique = true, length = 64)
    private String name;

    @Column(name = "description", length = 256)
    private String description;

    @Column(name = "realm", nullable = false, length = 128)
    private String realm;

    @Column(name = "ha1_md5", nullable = false, length = 32)
    private String ha1Md5;

    @Column(name = "ha1_sha256", nullable = false, length = 64)
    private String ha1Sha256;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "all_users", nullable = false)
    private boolean allUsers;

    @ManyToMany
    @JoinTable(name = "sip_trunk_user", joinColumns = @JoinColumn(name = "trunk_id"),
            inverseJoinColumns = @JoinColumn(name = "account_id"))
    private Set<Account> users = new LinkedHashSet<>();

    @ElementCollection
    @CollectionTable(name = "sip_trunk_address", joinColumns = @JoinColumn(name = "trunk_id"))
    @Column(name = "cidr", length = 64, nullable = false)
    private Set<String> addresses = new LinkedHashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected SipTrunk() {
    }

    public SipTrunk(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public String getName() {
        return name;
    }

    public String getRealm() {
        return realm;
    }

    public String getHa1Md5() {
        return ha1Md5;
    }

    public String getHa1Sha256() {
        return ha1Sha256;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isAllUsers() {
        return allUsers;
    }

    public Set<Account> getUsers() {
        return users;
    }

    void setCredentials(String realm, String ha1Md5, String ha1Sha256) {
        this.realm = realm;
        this.ha1Md5 = ha1Md5;
        this.ha1Sha256 = ha1Sha256;
    }

    void setSettings(String description, boolean enabled, boolean allUsers, Set<Account> users, List<String> addresses,
                     Instant now) {
        this.description = description;
        this.enabled = enabled;
        this.allUsers = allUsers;
        this.users.clear();
        this.users.addAll(users);
        this.addresses.clear();
        this.addresses.addAll(addresses);
        this.updatedAt = now;
    }

    public TrunkView toWire() {
        return new TrunkView(name, description, enabled, allUsers, users.stream().map(Account::getUserId).sorted().toList(),
                addresses.stream().sorted().toList(), realm, createdAt, updatedAt);
    }

    /** What the redirect server needs of this trunk. */
    public TrunkCredentials toCredentials() {
        return new TrunkCredentials(name, realm, ha1Md5, ha1Sha256, enabled, allUsers,
                users.stream().map(Account::getUserId).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                addresses.stream().sorted().map(a -> AddressRange.parse(a, "addresses")).toList());
    }
}
