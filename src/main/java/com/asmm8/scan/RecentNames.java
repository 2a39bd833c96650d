package com.asmm8.scan;

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
        long h = hash(name);
        if (h == 0) {
            h = 1; // 0 marks an empty slot
        }
        int i = (int) (h >>> 48) & (SLOTS - 1);
        return slots.getAndSet(i, h) != h;
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's 64-bit finaliser to spread the bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
