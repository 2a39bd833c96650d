package com.asmm8.scan;

import com.asmm8.tool.PidRecord;
import com.asmm8.tool.ProcStat;
import com.asmm8.tool.ProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-scan staging folders for tool inputs and outputs, under one root. A scan's folder is
 * removed by the scan route's completion hook, whatever the outcome. Each folder names the
 * process that owns it ({@link PidRecord#OWNER_FILE}) and the tools running in it; at start-up
 * the folders of owners that are gone (a kill -9, a power loss) are removed at once, their tools'
 * process groups killed first. Folders without an owner record are swept once older than the
 * configured age. The root may be shared by a daemon and scan commands: the folders of a live
 * owner are never touched.
 */
public class Staging {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    private static final String PREFIX = "scan-";
    /** A folder without its owner's record for this long was left by a process that died as it made it. */
    static final Duration UNRECORDED = Duration.ofSeconds(10);
    /** Where this process makes scan folders before it moves them into place: {@code .making-<pid>-<start>}. */
    private static final String MAKING = ".making-";
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = ProcStat.startTime(PID).orElse(0L);

    private final Path root;

    public Staging(Path root) {
        this.root = root.toAbsolutePath().normalize();
        PidRecord.owner(); // this process's record (host, boot id, start time) read now, not while a scan begins
    }

    public Path root() {
        return root;
    }

    /**
     * Creates a scan's folder, owned by this process. It is made, with the owner's record in it,
     * inside {@code .making-<pid>-<start>} (a name that says which process makes folders there)
     * and then moved into place, so a scan folder never lacks its owner's record, and what a
     * process killed in that moment leaves is found by the name at the next start.
     */
    public synchronized Path create(UUID scanId) throws IOException {
        Path making = Files.createDirectories(root.resolve(MAKING + PID + "-" + START));
        Path dir = Files.createDirectory(making.resolve(PREFIX + scanId));
        PidRecord.owner().write(dir.resolve(PidRecord.OWNER_FILE));
        Path placed = Files.move(dir, root.resolve(PREFIX + scanId), StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(making);
        return placed;
    }

    /**
     * Start-up: for every scan folder whose owner process is gone, kills the process groups of
     * the tools recorded in it, then removes it, and logs what it did. Returns how many folders.
     */
    public int removeAbandoned() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path making : s.filter(p -> p.getFileName().toString().startsWith(MAKING)).toList()) {
                if (makerGone(making.getFileName().toString())) {
                    remove(making); // scan folders a killed process was making: no tool ever ran in them
                    LOG.warn("Removed {}: the process that made scan folders there is gone", making);
                    n++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look for abandoned staging folders in {}: {}", root, e.getMessage());
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                Optional<PidRecord> owner = PidRecord.read(dir.resolve(PidRecord.OWNER_FILE));
                if (owner.isPresent() && owner.get().ownerGone()) {
                    removeAbandoned(dir, owner.get());
                    n++;
                } else if (owner.isEmpty() && !Files.exists(dir.resolve(PidRecord.OWNER_FILE))
                        && modified(dir).toInstant().isBefore(Instant.now().minus(UNRECORDED))) {
                    // its process died between creating it and recording itself in it (a kill -9 in
                    // that moment): a live process records itself within milliseconds, and no tool
                    // ever ran in a folder without its owner's record
                    remove(dir);
                    LOG.warn("Removed staging folder {}: it names no owner, and has not changed for over {} s", dir,
                            UNRECORDED.toSeconds());
                    n++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look for abandoned staging folders in {}: {}", root, e.getMessage());
        }
        return n;
    }

    private void removeAbandoned(Path dir, PidRecord owner) {
        List<String> killed = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith(PidRecord.TOOL_PREFIX)).toList()) {
                Optional<PidRecord> tool = PidRecord.read(f).filter(PidRecord::toolInThisBoot);
                if (tool.isPresent()) {
                    int k = new ProcessGroup(tool.get().toolPid(), tool.get().toolStart(), dir.toString()).kill();
                    killed.add(k + " in the group of tool pid " + tool.get().toolPid());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not read the tool records of {}: {}", dir, e.getMessage());
        }
        int spools = keepSpools(dir);
        remove(dir);
        LOG.warn("Scan {}: the process that ran it (pid {}) is gone; killed its leftover tool processes ({}) and removed "
                + "its staging folder {}{}", scanId(dir), owner.ownerPid(),
                killed.isEmpty() ? "none running" : String.join(", ", killed), dir,
                spools == 0 ? "" : " (its " + spools + " spool files of names not yet written are kept for replay)");
    }

    /** Folders holding the spools of scans whose process died, to be replayed (named {@code spooled-<scan id>}). */
    public static final String SPOOLED_PREFIX = "spooled-";

    /**
     * Moves the spool files of a dead process's scan (names kept while the database was away,
     * not yet written) out of its folder, into {@code spooled-<scan id>}; returns how many.
     */
    private int keepSpools(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> spools = s.filter(p -> p.getFileName().toString().matches("spool-.*\\.tsv")).toList();
            if (spools.isEmpty()) {
                return 0;
            }
            Path keep = root.resolve(SPOOLED_PREFIX + scanId(dir));
            Files.createDirectories(keep);
            for (Path f : spools) {
                Files.move(f, keep.resolve(f.getFileName()));
            }
            return spools.size();
        } catch (IOException e) {
            LOG.warn("Could not keep the spool files of {}: {}", dir, e.getMessage());
            return 0;
        }
    }

    /** The scan id a folder is named after. */
    private static String scanId(Path dir) {
        return dir.getFileName().toString().substring(PREFIX.length());
    }

    /** True when the process named by {@code .making-<pid>-<start>} no longer runs (a pid now another process's counts). */
    static boolean makerGone(String name) {
        try {
            String[] parts = name.substring(MAKING.length()).split("-");
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            if (pid == PID && start == START) {
                return false;
            }
            return ProcStat.startTime(pid).map(t -> t != start).orElse(true);
        } catch (RuntimeException e) {
            return false; // not a name of ours: left alone
        }
    }

    /** The folders of spools waiting for a replay. */
    public List<Path> spooled() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(SPOOLED_PREFIX) && Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Could not list {}: {}", root, e.getMessage());
            return List.of();
        }
    }

    /** Removes a scan's folder and everything in it; never throws. */
    public void remove(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove staging folder {}: {}", dir, e.getMessage());
        }
    }

    /** Removes scan folders older than {@code age}, except those of a live process of this host; returns how many. */
    public int sweep(Duration age) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant limit = Instant.now().minus(age);
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            List<Path> old = s.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> modified(p).toInstant().isBefore(limit))
                    .filter(p -> PidRecord.read(p.resolve(PidRecord.OWNER_FILE)).map(r -> !r.ownerRuns()).orElse(true))
                    .toList();
            for (Path p : old) {
                remove(p);
                n++;
            }
        } catch (IOException e) {
            LOG.warn("Could not sweep {}: {}", root, e.getMessage());
        }
        if (n > 0) {
            LOG.info("Swept {} staging folders older than {}", n, age);
        }
        return n;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.from(Instant.now());
        }
    }
}
