package com.asmm8.builtin;

import com.asmm8.hostname.NameHash;

/**
 * A set of 64-bit name hashes in one fixed array (open addressing), for dropping repeated
 * permutations without holding the names. Once three quarters full it stops remembering and lets
 * every further name through: a repeat costs one more DNS question, a name wrongly taken for a
 * repeat would be lost, so it never guesses.
 */
final class Seen64 {

    private final long[] slots;
    private final int mask;
    private final int limit;
    private int size;

    /** {@code capacity} is rounded up to a power of two. */
    Seen64(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        slots = new long[n];
        mask = n - 1;
        limit = n / 4 * 3;
    }

    /** True when {@code name} was not seen before (or the set is full). */
    boolean add(String name) {
        long h = NameHash.of(name);
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (slots[i] != 0) {
            if (slots[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size >= limit) {
            return true;
        }
        slots[i] = h;
        size++;
        return true;
    }
}
