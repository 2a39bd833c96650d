package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.scan.ResolverUse;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a pool spreads questions, rests a resolver that keeps failing, and drops it at last. */
class ResolverPoolTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.2", 53);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.3", 53);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.4", 53);
    private static final DnsAnswer TIMEOUT = DnsAnswer.failed("no answer");
    private static final DnsAnswer NXDOMAIN = new DnsAnswer(DnsAnswer.Status.NXDOMAIN, Set.of(), null, null);
    private static final DnsAnswer REFUSED = new DnsAnswer(DnsAnswer.Status.REFUSED, Set.of(), "rcode 5", null);

    private static void fail(ResolverPool pool, InetSocketAddress s, int n, DnsAnswer how) {
        ResolverPool.Entry e = pool.entry(s);
        for (int i = 0; i < n; i++) {
            pool.sent(e);
            pool.answered(e, how);
        }
    }

    @Test
    void questionsGoRoundRobinOverTheResolvers() {
        ResolverPool pool = new ResolverPool(List.of(A, B, C), ResolverPool.Settings.DEFAULT);
        Set<InetSocketAddress> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(pool.pick().address());
        }
        assertEquals(Set.of(A, B, C), seen);
    }

    @Test
    void aResolverThatFailsAStreakRestsThenIsDroppedAfterItsRestsWithTheCounts() {
        ResolverPool pool = new ResolverPool(List.of(A, B), new ResolverPool.Settings(0, 5, 60_000, 2));
        fail(pool, A, 4, REFUSED);
        fail(pool, A, 1, NXDOMAIN); // an answer ends the streak
        fail(pool, A, 4, REFUSED);
        assertEquals(2, pool.healthy());
        fail(pool, A, 1, TIMEOUT);
        assertEquals(1, pool.healthy(), "resting");
        for (int i = 0; i < 10; i++) {
            assertEquals(B, pool.pick().address(), "a resting resolver gets no question while another can take it");
        }
        fail(pool, A, 5, REFUSED); // a second rest
        assertNull(pool.report().resolvers().get(0).dropped());
        fail(pool, A, 5, TIMEOUT); // a third streak: past its rests
        ResolverUse use = pool.report();
        assertEquals(1, use.dropped());
        ResolverUse.Line a = use.resolvers().get(0);
        assertEquals("127.0.0.2:53", a.resolver());
        assertEquals("failed 5 questions in a row after 2 rests (6 time-outs, 13 SERVFAIL or REFUSED of 20 questions)", a.dropped());
        assertEquals(List.of(B), pool.kept());
    }

    @Test
    void theLastResolverIsNeverDroppedForFailingOnlyRested() {
        ResolverPool pool = new ResolverPool(List.of(A), new ResolverPool.Settings(0, 2, 60_000, 1));
        fail(pool, A, 20, TIMEOUT);
        assertEquals(List.of(A), pool.kept());
        assertEquals(A, pool.pick().address(), "a question is never lost to a rest");
    }

    @Test
    void aLiarIsDroppedAtOnceAndNoQuestionGoesToItAgain() {
        ResolverPool pool = new ResolverPool(List.of(A, B), ResolverPool.Settings.DEFAULT);
        pool.drop(A, "answered [A 10.6.6.6] for x.invalid (a liar)");
        pool.drop(A, "a later reason");
        for (int i = 0; i < 10; i++) {
            assertEquals(B, pool.pick().address());
        }
        assertEquals("answered [A 10.6.6.6] for x.invalid (a liar)", pool.report().resolvers().get(0).dropped());
        pool.drop(B, "gone");
        assertNull(pool.pick(), "every resolver dropped");
    }

    @Test
    void aResolverAtItsOwnInFlightBoundGetsNoMoreUntilOneAnswers() {
        ResolverPool pool = new ResolverPool(List.of(A, B), new ResolverPool.Settings(2, 20, 2_000, 3));
        ResolverPool.Entry a = pool.entry(A);
        pool.sent(a);
        pool.sent(a);
        for (int i = 0; i < 4; i++) {
            assertEquals(B, pool.pick().address());
        }
        pool.answered(a, NXDOMAIN);
        Set<InetSocketAddress> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            seen.add(pool.pick().address());
        }
        assertTrue(seen.contains(A), seen.toString());
        assertNotEquals(0, pool.report().resolvers().get(0).questions());
    }
}
