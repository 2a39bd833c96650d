package com.asmm8.scan;

import com.asmm8.tool.Phase;
import java.util.List;
import java.util.Locale;

/** The scan types of the original service and the phases each is made of. */
public enum ScanType {
    PASSIVE(List.of(Phase.PASSIVE)),
    ACTIVE(List.of(Phase.BRUTEFORCE, Phase.PERMUTE, Phase.RESOLVE)),
    COMPLETE(List.of(Phase.PASSIVE, Phase.BRUTEFORCE, Phase.PERMUTE, Phase.RESOLVE)),
    CHECK(List.of(Phase.CHECK));

    private final List<Phase> phases;

    ScanType(List<Phase> phases) {
        this.phases = phases;
    }

    public List<Phase> phases() {
        return phases;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a type name; {@code fast} is the Go service's name for passive. */
    public static ScanType of(String s) {
        if (s == null) {
            throw new IllegalArgumentException("scan type missing: use passive, active, complete or check");
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
        throw new IllegalArgumentException("unknown scan type '" + s + "': use passive, active, complete or check");
    }
}
