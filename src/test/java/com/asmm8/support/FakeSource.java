package com.asmm8.support;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The stand-in passive source (src/test/resources/tools/fake-source) as tests declare it, and the
 * bounded wait the tests that drive it share.
 */
public final class FakeSource {

    public static final String PATH = Path.of("src/test/resources/tools/fake-source").toAbsolutePath().toString();

    private FakeSource() {
    }

    /** One tools.yaml entry running fake-source in {@code mode}; {@code json} for subfinder -oJ lines. */
    public static String tool(String name, String phase, String mode, boolean json) {
        return """
                  - name: %s
                    phase: %s
                    binary: %s
                    args: [%s, "{domain}"%s]
                    %stimeout: 60s
                """.formatted(name, phase, PATH, mode, json ? "" : ", lines",
                json ? "output: {format: json, field: host}\n    " : "");
    }

    /** A tools file with one passive fake-source tool. */
    public static String passiveTools(String name, String mode, boolean json) {
        return "tools:\n" + tool(name, "passive", mode, json);
    }

    /** Waits until {@code cond} holds, at most {@code ms}; fails naming {@code what}. */
    public static void await(String what, long ms, BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
