package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bound on names in flight shrinks when questions are lost and grows back with answers. */
class WindowTest {

    @Test
    void aPeriodLosingMoreThanATenthShrinksTheWindowAFewPercentDoNotAndAnswersGrowItBack() throws Exception {
        Window w = new Window(200, TimeUnit.MILLISECONDS.toNanos(20));
        for (int i = 0; i < 97; i++) {
            w.answered();
        }
        Thread.sleep(30);
        w.lost(); // 3 of 100 lost
        w.lost();
        w.lost();
        assertEquals(200, w.limit(), "a lossy line's few percent: the retries absorb them");
        for (int i = 0; i < 80; i++) {
            w.answered();
        }
        for (int i = 0; i < 20; i++) {
            w.lost();
        }
        Thread.sleep(30);
        w.lost(); // the period ends: 21 of 101 lost
        assertEquals(150, w.limit());
        w.lost();
        assertEquals(150, w.limit(), "one shrink per period");
        for (int i = 0; i < 200 * 200 && w.limit() < 200; i++) {
            w.answered();
        }
        assertEquals(200, w.limit(), "back to the configured bound, never above");
        assertEquals(200, w.available());
    }

    @Test
    void theWindowNeverShrinksBelowItsFloorAndFreesSlotsOnlyAsTheyComeBack() throws Exception {
        Window w = new Window(100, 0);
        for (int i = 0; i < 100; i++) {
            w.acquire();
        }
        for (int i = 0; i < 50; i++) {
            w.lost(); // every question of every period lost
        }
        assertEquals(16, w.limit());
        for (int i = 0; i < 90; i++) {
            w.release(); // 84 of them pay back what the smaller window took away
        }
        assertEquals(6, w.available());
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            try {
                w.drain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(!drained.isDone(), "10 names still in flight");
        for (int i = 0; i < 10; i++) {
            w.release();
        }
        drained.get(5, TimeUnit.SECONDS);
    }
}
