package com.asmm8.support;

import java.util.stream.Stream;

/**
 * The machine's process table as the tests read it. A process table is a moving picture: a
 * process killed a moment ago may still be listed while the kernel tears it down, so "gone" is
 * waited for (a few seconds at most), never read once.
 */
public final class Processes {

    private Processes() {
    }

    /** Whether a live process's command line contains {@code marker} now. */
    public static boolean alive(String marker) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.anyMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
        }
    }

    /** True once no live process carries {@code marker} (waits up to 5 s); false if one still does. */
    public static boolean awaitGone(String marker) throws InterruptedException {
        for (int i = 0; i < 100 && alive(marker); i++) {
            Thread.sleep(50);
        }
        return !alive(marker);
    }
}
