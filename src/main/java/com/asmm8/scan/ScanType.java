package com.asmm8.scan;

import java.util.Locale;

/**
 * The scan types of the original service. Which phases each runs is said once, by the
 * {@code scan} route's choice in routes/20-scan.yaml.
 */
public enum ScanType {
    PASSIVE, ACTIVE, COMPLETE, CHECK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a type name; {@code fast} is the Go service's name for passive. */
    public static ScanType of(String s) {
        String all = "passive, active, complete or check";
        if (s == null) {
            throw new IllegalArgumentException("scan type missing: use " + all);
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("fast")) {
            return PASSIVE;
        }
        for (ScanType st : values()) {
            if (st.id().equals(t)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown scan type '" + s + "': use " + all);
    }
}
