package com.asmm8.scan;

import com.asmm8.hostname.NameHash;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The names a scan handed over lately, in fixed memory (a direct-mapped table of 64-bit hashes,
 * 512 KiB whatever the scan's size), so a name a tool prints again and again is written once.
 * It forgets: a name seen long ago may pass again, and the database's upsert (ON CONFLICT) is the
 * final dedupe; it never drops a name it has not seen (a false "seen" needs two names with the
 * same 64-bit hash). The count of distinct names a scan saw is taken from the database at its end.
 */
public final class RecentNames {

    private static final int SLOTS = 1 << 16;

    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    /** True the first time {@code name} is offered since its slot last held it. */
    public boolean add(String name) {
        long h = NameHash.of(name);
        int i = (int) (h >>> 48) & (SLOTS - 1);
        return slots.getAndSet(i, h) != h;
    }
}
