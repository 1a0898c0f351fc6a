package io.peerswitch.server.subscription;

import io.peerswitch.server.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.regex.Pattern;

/** An account's subscription to a plan (e.g. {@code pstn-calling}) over a period of time. */
@Entity
@Table(name = "subscription", uniqueConstraints = @UniqueConstraint(name = "uk_subscription", columnNames = {"account_id", "plan"}))
public class Subscription {

    /** Syntax of a plan code: lower-case words joined by '-' or '.'. */
    public static final Pattern PLAN_SYNTAX = io.peerswitch.wire.route.ExternalRoute.TABLE_SYNTAX;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subscription_seq")
    @SequenceGenerator(name = "subscription_seq", sequenceName = "subscription_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(name = "plan", nullable = false, length = 64)
    private String plan;

    @Column(name = "valid_from", nullable = false)
    private Instant validFrom;

    @Column(name = "valid_until")
    private Instant validUntil;

    protected Subscription() {
    }

    public Subscription(Account account, String plan, Instant validFrom, Instant validUntil) {
        this.account = account;
        this.plan = plan;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
    }

    public Account getAccount() {
        return account;
    }

    public String getPlan() {
        return plan;
    }

    public Instant getValidFrom() {
        return validFrom;
    }

    public Instant getValidUntil() {
        return validUntil;
    }

    /** Starts the subscription again at {@code from}, until {@code until} (null: open-ended). */
    public void renew(Instant from, Instant until) {
        if (validUntil != null && !validUntil.isAfter(from) || validFrom.isAfter(from)) {
            this.validFrom = from;
        }
        this.validUntil = until;
    }

    /** Whether the subscription is in force at {@code now}. */
    public boolean isActive(Instant now) {
        return !now.isBefore(validFrom) && (validUntil == null || now.isBefore(validUntil));
    }
}
