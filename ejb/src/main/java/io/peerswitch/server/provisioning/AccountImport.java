package io.peerswitch.server.provisioning;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Argon2Hash;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.subscription.Subscription;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ImportMode;
import io.peerswitch.wire.provisioning.ImportReport;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one provisioning file inside the caller's transaction: checks it against the database, then
 * creates or updates the accounts, their subscriptions and their buddy relations. Plain class, so the
 * rules can be tested on a real database without a container.
 */
final class AccountImport {

    /** Entities written between flushes, and values per SQL IN list. */
    static final int CHUNK = 500;

    private final EntityManager em;
    private final Instant now;

    AccountImport(EntityManager em, Instant now) {
        this.em = em;
        this.now = now;
    }

    /** Checks that need no database: duplicates inside the file, hash syntax, plan codes. */
    static List<InvalidParam> checkFile(ProvisioningFile file) {
        List<InvalidParam> problems = new ArrayList<>();
        Map<String, Integer> userIds = new HashMap<>();
        Map<String, Integer> emails = new HashMap<>();
        List<ProvisionedAccount> accounts = file.accounts();
        for (int i = 0; i < accounts.size(); i++) {
            ProvisionedAccount a = accounts.get(i);
            String at = "accounts[" + i + "]";
            Integer earlier = userIds.putIfAbsent(a.userId(), i);
            if (earlier != null) {
                problems.add(new InvalidParam(at + ".userId", "'" + a.userId() + "' appears twice (also accounts[" + earlier + "])"));
            }
            earlier = emails.putIfAbsent(a.email(), i);
            if (earlier != null) {
                problems.add(new InvalidParam(at + ".email", "the address appears twice (also accounts[" + earlier + "])"));
            }
            if (a.passwordHash() != null && Argon2Hash.parse(a.passwordHash()).isEmpty()) {
                problems.add(new InvalidParam(at + ".passwordHash",
                        "must be an Argon2id hash in PHC format ($argon2id$v=19$m=...,t=...,p=...$salt$hash)"));
            }
            for (int k = 0; k < a.subscriptions().size(); k++) {
                if (!Subscription.PLAN_SYNTAX.matcher(a.subscriptions().get(k)).matches()) {
                    problems.add(new InvalidParam(at + ".subscriptions[" + k + "]",
                            "must be a plan code of a-z, 0-9, '.' and '-' (at most 64 characters)"));
                }
            }
            Set<String> listed = new HashSet<>();
            for (int k = 0; k < a.buddies().size(); k++) {
                if (!listed.add(a.buddies().get(k).userId())) {
                    problems.add(new InvalidParam(at + ".buddies[" + k + "].userId", "the same buddy is listed twice"));
                }
            }
        }
        return problems;
    }

    ImportReport write(ProvisioningFile file, ImportMode mode, Map<String, String> hashes) throws ProvisioningException {
        List<ProvisionedAccount> accounts = file.accounts();
        Set<String> inFile = new LinkedHashSet<>();
        Set<String> referenced = new LinkedHashSet<>();
        accounts.forEach(a -> inFile.add(a.userId()));
        accounts.forEach(a -> a.buddies().forEach(b -> {
            if (!inFile.contains(b.userId())) {
                referenced.add(b.userId());
            }
        }));
        Map<String, Account> stored = new HashMap<>();
        Set<String> lookup = new LinkedHashSet<>(inFile);
        lookup.addAll(referenced);
        for (List<String> chunk : chunks(lookup)) {
            em.createQuery("select a from Account a where a.userId in :ids", Account.class)
                    .setParameter("ids", chunk).getResultList()
                    .forEach(a -> stored.put(a.getUserId(), a));
        }
        checkAgainstDatabase(accounts, inFile, mode, stored, hashes);

        int created = 0;
        int updated = 0;
        for (ProvisionedAccount a : accounts) {
            Account account = stored.get(a.userId());
            if (account == null) {
                account = new Account(a.userId(), a.email(), a.displayName(), hashes.get(a.userId()), now);
                em.persist(account);
                stored.put(a.userId(), account);
                created++;
            } else {
                account.setEmail(a.email());
                account.setDisplayName(a.displayName());
                if (hashes.containsKey(a.userId())) {
                    account.setPasswordHash(hashes.get(a.userId()));
                }
                updated++;
            }
            account.setStatus(a.status() == null ? account.getStatus() : a.status());
            account.setNote(a.note());
            if (a.administrator() != null) {
                account.setAdministrator(a.administrator());
            }
        }
        em.flush();
        Map<String, Long> ids = new HashMap<>();
        stored.forEach((userId, account) -> ids.put(userId, account.getId()));
        List<Long> fileIds = inFile.stream().map(ids::get).toList();
        em.clear();

        if (mode == ImportMode.UPSERT) {
            for (List<Long> chunk : chunks(fileIds)) {
                em.createQuery("delete from Subscription s where s.account.id in :ids").setParameter("ids", chunk).executeUpdate();
                em.createQuery("delete from BuddyRelation r where r.owner.id in :ids").setParameter("ids", chunk).executeUpdate();
            }
        }
        int subscriptions = 0;
        int pending = 0;
        for (ProvisionedAccount a : accounts) {
            for (String plan : new LinkedHashSet<>(a.subscriptions())) {
                em.persist(new Subscription(em.getReference(Account.class, ids.get(a.userId())), plan, now, null));
                subscriptions++;
                pending = flushEvery(++pending);
            }
        }
        Map<Pair, RelationState> relations = desiredRelations(accounts);
        Set<Pair> keep = existingRowsOfOthers(relations.keySet(), inFile, ids);
        int written = 0;
        for (Map.Entry<Pair, RelationState> r : relations.entrySet()) {
            if (keep.contains(r.getKey())) {
                continue;
            }
            em.persist(new BuddyRelation(em.getReference(Account.class, ids.get(r.getKey().owner())),
                    em.getReference(Account.class, ids.get(r.getKey().buddy())), r.getValue(), now));
            written++;
            pending = flushEvery(++pending);
        }
        em.flush();
        return new ImportReport(created, updated, written, subscriptions);
    }

    private void checkAgainstDatabase(List<ProvisionedAccount> accounts, Set<String> inFile, ImportMode mode, Map<String, Account> stored,
                                      Map<String, String> hashes) throws ProvisioningException {
        List<InvalidParam> invalid = new ArrayList<>();
        List<InvalidParam> conflicts = new ArrayList<>();
        Map<String, Integer> emailIndex = new LinkedHashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            ProvisionedAccount a = accounts.get(i);
            String at = "accounts[" + i + "]";
            boolean exists = stored.containsKey(a.userId());
            if (exists && mode == ImportMode.CREATE) {
                conflicts.add(new InvalidParam(at + ".userId", "the account '" + a.userId() + "' exists already (import with mode=upsert to update it)"));
            }
            if (!exists && !hashes.containsKey(a.userId())) {
                invalid.add(new InvalidParam(at + ".password", "a new account needs a password or a passwordHash"));
            }
            for (int k = 0; k < a.buddies().size(); k++) {
                String buddy = a.buddies().get(k).userId();
                if (!stored.containsKey(buddy) && !inFile.contains(buddy)) {
                    invalid.add(new InvalidParam(at + ".buddies[" + k + "].userId", "no account '" + buddy + "' exists or is imported"));
                }
            }
            emailIndex.put(a.email(), i);
        }
        for (List<String> chunk : chunks(emailIndex.keySet())) {
            for (Object[] row : em.createQuery("select a.email, a.userId from Account a where a.email in :emails", Object[].class)
                    .setParameter("emails", chunk).getResultList()) {
                int i = emailIndex.get((String) row[0]);
                if (!accounts.get(i).userId().equals(row[1])) {
                    conflicts.add(new InvalidParam("accounts[" + i + "].email", "another account uses this e-mail address"));
                }
            }
        }
        if (!invalid.isEmpty()) {
            invalid.addAll(conflicts);
            throw new ProvisioningException(false, invalid);
        }
        if (!conflicts.isEmpty()) {
            throw new ProvisioningException(true, conflicts);
        }
    }

    /**
     * The relation rows the file asks for: each listed buddy as its owner states it, and for an accepted
     * buddy also the way back, unless the other account's own list (when it is in the file) says otherwise.
     */
    static Map<Pair, RelationState> desiredRelations(List<ProvisionedAccount> accounts) {
        Map<Pair, RelationState> desired = new TreeMap<>();
        for (ProvisionedAccount a : accounts) {
            for (ProvisionedBuddy b : a.buddies()) {
                desired.put(new Pair(a.userId(), b.userId()), b.state());
            }
        }
        Map<Pair, RelationState> implied = new TreeMap<>();
        desired.forEach((pair, state) -> {
            Pair back = new Pair(pair.buddy(), pair.owner());
            if (state == RelationState.ACCEPTED && !desired.containsKey(back)) {
                implied.put(back, RelationState.ACCEPTED);
            }
        });
        desired.putAll(implied);
        return desired;
    }

    /** Rows owned by accounts outside the file that exist already: the import leaves them as they are. */
    private Set<Pair> existingRowsOfOthers(Collection<Pair> pairs, Set<String> inFile, Map<String, Long> ids) {
        Set<String> owners = new LinkedHashSet<>();
        pairs.stream().map(Pair::owner).filter(o -> !inFile.contains(o)).forEach(owners::add);
        Set<Pair> existing = new HashSet<>();
        List<Long> ownerIds = owners.stream().map(ids::get).toList();
        for (List<Long> chunk : chunks(ownerIds)) {
            em.createQuery("select r.owner.userId, r.buddy.userId from BuddyRelation r where r.owner.id in :ids", Object[].class)
                    .setParameter("ids", chunk)
                    .getResultStream()
                    .forEach(row -> existing.add(new Pair((String) row[0], (String) row[1])));
        }
        return existing;
    }

    private int flushEvery(int pending) {
        if (pending >= CHUNK) {
            em.flush();
            em.clear();
            return 0;
        }
        return pending;
    }

    private static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** A directed relation: {@code owner} about {@code buddy}. */
    record Pair(String owner, String buddy) implements Comparable<Pair> {

        @Override
        public int compareTo(Pair o) {
            int c = owner.compareTo(o.owner);
            return c != 0 ? c : buddy.compareTo(o.buddy);
        }
    }
}
