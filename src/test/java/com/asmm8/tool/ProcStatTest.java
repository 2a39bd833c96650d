package com.asmm8.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading /proc/<pid>/stat: the fields that tell a process, its group and its start apart. */
@Timeout(30)
class ProcStatTest {

    @Test
    void theFieldsAfterACommandNameWithSpacesAndParenthesesAreCountedFromTheLastParenthesis() {
        ProcStat s = ProcStat.parse("4301 (my (odd) tool) S 4242 4301 4301 0 -1 4194304 288 0 1 0 0 0 0 0 20 0 1 0 58794 "
                + "44646400 512 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n");
        assertEquals(new ProcStat(4301, 'S', 4242, 4301, 4301, 58794), s);
        assertTrue(s.running());
        assertFalse(ProcStat.parse("7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9").running(), "a zombie has ended");
    }

    @Test
    void aLineThatIsNotAStatLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("12 (short) S 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("x (a) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9"));
    }

    @Test
    void thisProcessIsReadAndAPidThatDoesNotExistIsNot() {
        long me = ProcessHandle.current().pid();
        ProcStat s = ProcStat.read(me).orElseThrow();
        assertEquals(me, s.pid());
        assertTrue(s.running());
        assertTrue(s.startTime() > 0);
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), s.ppid());
        assertTrue(ProcStat.read(4_194_305L).isEmpty(), "above any pid_max");
        assertFalse(ProcStat.bootId().isEmpty());
    }
}
