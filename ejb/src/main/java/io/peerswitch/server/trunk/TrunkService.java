package io.peerswitch.server.trunk;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.trunk.TrunkSpec;
import io.peerswitch.wire.trunk.TrunkView;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Administers the external SIP devices of FIG. 15 (IP-PBXs, gateways): create, change, delete, list; every
 * change audited in its own transaction and announced ({@link TrunksChanged}) so the redirect server reloads.
 */
@Stateless
public class TrunkService {

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private AuditTrail audit;

    @Inject
    private Event<TrunksChanged> changed;

    public TrunkService() {
    }

    /** For tests: a service over a plain entity manager, without change events. */
    public TrunkService(EntityManager em, ServerConfig config, Clock clock, AuditTrail audit) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.audit = audit;
    }

    /** Every trunk, by name. */
    public List<TrunkView> list() {
        return em.createQuery("select t from SipTrunk t order by t.name", SipTrunk.class).getResultStream()
                .map(SipTrunk::toWire).toList();
    }

    /** The trunk named {@code name}. */
    public TrunkView get(String name) throws TrunkNotFoundException {
        return find(name).orElseThrow(() -> new TrunkNotFoundException(name)).toWire();
    }

    /** Creates a trunk; {@code spec} must carry a password. */
    public TrunkView create(String actor, TrunkSpec spec) throws TrunkConflictException {
        if (find(spec.name()).isPresent()) {
            throw new TrunkConflictException("name", "a trunk named " + spec.name() + " exists");
        }
        if (spec.password() == null) {
            throw new TrunkConflictException("password", "a new trunk needs a password");
        }
        SipTrunk trunk = new SipTrunk(spec.name(), clock.instant());
        apply(trunk, spec);
        em.persist(trunk);
        em.flush();
        audit.record(actor, "trunk.create", spec.name(), describe(spec));
        fire(spec.name());
        return trunk.toWire();
    }

    /** Replaces the settings of the trunk named {@code spec.name()}; a {@code null} password keeps the credentials. */
    public TrunkView update(String actor, TrunkSpec spec) throws TrunkNotFoundException, TrunkConflictException {
        SipTrunk trunk = find(spec.name()).orElseThrow(() -> new TrunkNotFoundException(spec.name()));
        apply(trunk, spec);
        em.flush();
        audit.record(actor, "trunk.update", spec.name(), describe(spec));
        fire(spec.name());
        return trunk.toWire();
    }

    /** Deletes the trunk named {@code name}: its INVITEs get 403 from then on. */
    public void delete(String actor, String name) throws TrunkNotFoundException {
        SipTrunk trunk = find(name).orElseThrow(() -> new TrunkNotFoundException(name));
        em.remove(trunk);
        em.flush();
        audit.record(actor, "trunk.delete", name, null);
        fire(name);
    }

    /** What the redirect server checks INVITEs against: every trunk's credentials and reach. */
    public List<TrunkCredentials> credentials() {
        return em.createQuery("select distinct t from SipTrunk t left join fetch t.users left join fetch t.addresses",
                SipTrunk.class).getResultStream().map(SipTrunk::toCredentials).toList();
    }

    private void apply(SipTrunk trunk, TrunkSpec spec) throws TrunkConflictException {
        Set<Account> users = new LinkedHashSet<>();
        for (String userId : spec.users()) {
            users.add(Accounts.byUserId(em, userId)
                    .orElseThrow(() -> new TrunkConflictException("users", "no user " + userId)));
        }
        if (spec.password() != null) {
            String realm = config.redirect().realm();
            trunk.setCredentials(realm, Digests.ha1(DigestAlgorithm.MD5, spec.name(), realm, spec.password()),
                    Digests.ha1(DigestAlgorithm.SHA_256, spec.name(), realm, spec.password()));
        }
        trunk.setSettings(spec.description(), spec.enabled(), spec.allUsers(), users, spec.addresses(), clock.instant());
    }

    private Optional<SipTrunk> find(String name) {
        return em.createQuery("select t from SipTrunk t where t.name = :name", SipTrunk.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    private static String describe(TrunkSpec spec) {
        return "enabled=" + spec.enabled() + ", reach=" + (spec.allUsers() ? "all users" : spec.users())
                + (spec.addresses().isEmpty() ? "" : ", trusted from " + spec.addresses())
                + (spec.password() == null ? "" : ", password set");
    }

    private void fire(String name) {
        if (changed != null) {
            changed.fire(new TrunksChanged(name));
        }
    }
}
