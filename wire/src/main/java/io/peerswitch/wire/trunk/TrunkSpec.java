package io.peerswitch.wire.trunk;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.UserIds;
import java.util.ArrayList;
import java.util.List;

/**
 * What an administrator sets for an external SIP device (FIG. 15): its digest credentials, and whom its
 * INVITEs may reach through the redirect server. On an update, a {@code null} password keeps the current one.
 *
 * @param name        the digest username the device authenticates with
 * @param password    8 to 128 characters; stored only as digest HA1s (RFC 8760), never returned
 * @param allUsers    whether the device may reach every user; otherwise only {@code users}
 * @param users       user IDs the device may reach when not {@code allUsers}
 * @param addresses   source addresses or CIDR blocks whose INVITEs are taken as this trunk's without a digest
 *                    challenge (an IP trunk); empty: the device always authenticates
 */
public record TrunkSpec(String name, String password, String description, Boolean enabled, Boolean allUsers,
                        List<String> users, List<String> addresses) {

    /** Most users listed on one trunk. */
    public static final int MAX_USERS = 10_000;
    /** Most address blocks on one trunk. */
    public static final int MAX_ADDRESSES = 64;
    /** Shortest password. */
    public static final int MIN_PASSWORD = 8;
    /** Longest password. */
    public static final int MAX_PASSWORD = 128;

    public TrunkSpec {
        name = TrunkNames.check(name, "name");
        if (password != null && (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD
                || password.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidFieldException("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters without control characters");
        }
        description = Fields.optionalText(description, "description", 256);
        enabled = enabled == null || enabled;
        allUsers = allUsers != null && allUsers;
        List<String> checked = new ArrayList<>();
        for (String user : users == null ? List.<String>of() : users) {
            String id = UserIds.normalise(user, "users");
            if (!checked.contains(id)) {
                checked.add(id);
            }
        }
        if (checked.size() > MAX_USERS) {
            throw new InvalidFieldException("users", "lists more than " + MAX_USERS + " users");
        }
        users = List.copyOf(checked);
        List<String> ranges = new ArrayList<>();
        for (String address : addresses == null ? List.<String>of() : addresses) {
            String range = AddressRange.parse(address, "addresses").toString();
            if (!ranges.contains(range)) {
                ranges.add(range);
            }
        }
        if (ranges.size() > MAX_ADDRESSES) {
            throw new InvalidFieldException("addresses", "lists more than " + MAX_ADDRESSES + " blocks");
        }
        addresses = List.copyOf(ranges);
    }

    /** A spec without trusted addresses (the device always authenticates). */
    public TrunkSpec(String name, String password, String description, Boolean enabled, Boolean allUsers, List<String> users) {
        this(name, password, description, enabled, allUsers, users, List.of());
    }

    @Override
    public String toString() {
        return "TrunkSpec[name=" + name + ", enabled=" + enabled + ", allUsers=" + allUsers + ", users=" + users.size() + ", addresses=" + addresses
                + ", password=" + (password == null ? "unchanged" : "***") + "]";
    }
}
