package com.asmm8.dns;

import com.asmm8.db.Checkpoints;
import com.asmm8.scan.ResumePoint;
import com.asmm8.scan.ScanRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable brute force. A run's checkpoint (the wordlist line up to which every word was asked,
 * as of {@code lag} ago, by when what those words found has been written or spooled) goes into
 * its tool report with each progress record. A new run of the same domain and scan type over the
 * same wordlist (path, size and modification time) whose previous run stopped before the tool
 * ended (kill -9, shutdown, takeover, failure) starts after that line, and says so.
 */
public final class BruteResume {

    private static final Logger LOG = LoggerFactory.getLogger(BruteResume.class);

    /** Where a run starts: after {@code after} (0: from the top), the note its message opens with, the wordlist's key. */
    public record Start(long after, String note, String wordlist) {
    }

    private final Checkpoints checkpoints;
    private final long lagNanos;

    /** @param lagMs how old a checkpoint is when recorded (longer than a batch takes to close and be written) */
    public BruteResume(Checkpoints checkpoints, long lagMs) {
        this.checkpoints = checkpoints;
        this.lagNanos = lagMs * 1_000_000L;
    }

    /** Where this run of the tool starts: after the checkpoint of the run before it, if that one stopped midway. */
    public Start start(ScanRun run, String tool, Path wordlist) {
        String key = key(wordlist);
        Optional<Checkpoints.Checkpoint> cp;
        try {
            cp = checkpoints.resumable(run.getId(), run.getDomain(), run.getTypeId(), "bruteforce", tool, key);
        } catch (SQLException e) {
            LOG.warn("Scan {} of {}: no checkpoint read, the brute force starts from the top: {}", run.getId(), run.getDomain(),
                    e.toString());
            return new Start(0, "", key);
        }
        return cp.map(c -> new Start(c.line(), "resumed after line " + c.line() + " of the wordlist, where scan " + c.scan()
                + " (" + c.status() + ") stopped; ", key)).orElse(new Start(0, "", key));
    }

    /** The checkpoint to record now: the watermark as it was {@code lag} ago, never before where the run started. */
    public ResumePoint point(Start start, Watermark mark) {
        return new ResumePoint(Math.max(start.after(), mark.lagged(System.nanoTime(), lagNanos)), start.wordlist());
    }

    /** The wordlist as a checkpoint names it: absolute path, size, modification time. */
    static String key(Path wordlist) {
        Path p = wordlist.toAbsolutePath().normalize();
        try {
            return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p.toString();
        }
    }
}
