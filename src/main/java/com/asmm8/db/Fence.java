package com.asmm8.db;

import java.util.UUID;

/**
 * The fencing token a scan's writes carry: each batch statement writes only while the domain's
 * lease ({@code asmm8_domain_lease}) still has this token, checked inside the statement under a
 * share lock on the lease row. A claim by another node raises the token, so a batch of a node that
 * lost the domain (too slow to renew, a spool replayed late) writes nothing; the claim and a batch
 * never interleave. {@link #none} writes unfenced: findings of a crashed scan replayed at start-up.
 */
public record Fence(UUID domainId, Long token) {

    /** Unfenced writes to {@code domainId}. */
    public static Fence none(UUID domainId) {
        return new Fence(domainId, null);
    }

    public boolean fenced() {
        return token != null;
    }

    /** The statement's first CTE: one row while the lease is still the writer's, none once it is lost (parameters domainId, token). */
    String cte() {
        return fenced()
                ? "fence AS MATERIALIZED (SELECT 1 FROM asmm8_domain_lease WHERE domainid = :?domainId AND token = :?token FOR SHARE)"
                : "fence AS MATERIALIZED (SELECT 1)";
    }
}
