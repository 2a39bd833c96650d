package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The checkpoint trails the lines read by those still in flight, and is recorded as it was a lag ago. */
class WatermarkTest {

    @Test
    void theMarkIsTheLastLineBeforeTheFirstOneStillInFlight() {
        Watermark w = new Watermark();
        w.passed(1); // a comment
        w.opened(2);
        w.opened(3);
        w.opened(4);
        assertEquals(1, w.mark());
        w.answered(3);
        w.answered(4);
        assertEquals(1, w.mark(), "line 2 still in flight");
        w.answered(2);
        assertEquals(4, w.mark());
        w.passed(5);
        assertEquals(5, w.mark());
    }

    @Test
    void theLaggedMarkIsTheOneOfLagAgo() {
        Watermark w = new Watermark();
        w.passed(10);
        assertEquals(0, w.lagged(1_000, 500), "nothing is that old yet");
        w.passed(20);
        assertEquals(0, w.lagged(1_400, 500));
        w.passed(30);
        assertEquals(10, w.lagged(1_600, 500), "the sample of t=1000");
        assertEquals(20, w.lagged(1_900, 500), "the sample of t=1400");
        assertEquals(20, w.lagged(2_000, 500), "still: the next sample is from t=1600");
        assertEquals(30, w.lagged(2_100, 500));
    }
}
