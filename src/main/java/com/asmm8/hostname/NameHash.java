package com.asmm8.hostname;

/** A 64-bit hash of a name, for the fixed-memory dedupe tables: never 0 (their empty slot). */
public final class NameHash {

    private NameHash() {
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's 64-bit finaliser to spread the bits. */
    public static long of(String s) {
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
        return h == 0 ? 1 : h;
    }
}
