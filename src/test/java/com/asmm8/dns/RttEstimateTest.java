package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RttEstimateTest {

    @Test
    void beforeAnyAnswerTheWaitIsOneSecondOrTheTimeOutIfShorter() {
        assertEquals(1000, new RttEstimate(2000).timeoutMs(1));
        assertEquals(300, new RttEstimate(300).timeoutMs(1));
    }

    @Test
    void aFastResolverIsWaitedForTheFloorAndEachRetryWaitsTwiceAsLongUpToTheTimeOut() {
        RttEstimate e = new RttEstimate(2000);
        for (int i = 0; i < 50; i++) {
            e.sample(TimeUnit.MICROSECONDS.toNanos(400));
        }
        assertEquals(RttEstimate.FLOOR_MS, e.timeoutMs(1));
        assertEquals(500, e.timeoutMs(2));
        assertEquals(1000, e.timeoutMs(3));
        assertEquals(2000, e.timeoutMs(4));
        assertEquals(2000, e.timeoutMs(9));
    }

    @Test
    void aSlowOrJitteryResolverIsWaitedForLonger() {
        RttEstimate e = new RttEstimate(5000);
        for (int i = 0; i < 50; i++) {
            e.sample(TimeUnit.MILLISECONDS.toNanos(i % 2 == 0 ? 200 : 600));
        }
        long wait = e.timeoutMs(1);
        // mean 400 ms, deviation about 200 ms: srtt + 4 rttvar lies well above the slowest answer
        assertEquals(true, wait > 900 && wait < 1500, "wait " + wait);
    }
}
