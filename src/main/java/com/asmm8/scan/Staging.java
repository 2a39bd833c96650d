package com.asmm8.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-scan staging folders for tool inputs and outputs, under one root. A scan's folder is
 * removed by the scan route's completion hook, whatever the outcome; folders left by a crash
 * are swept at start-up once older than the configured age.
 */
public class Staging {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    private static final String PREFIX = "scan-";

    private final Path root;

    public Staging(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path create(UUID scanId) throws IOException {
        Files.createDirectories(root);
        return Files.createDirectory(root.resolve(PREFIX + scanId));
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

    /** Removes scan folders older than {@code age}; returns how many. */
    public int sweep(Duration age) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant limit = Instant.now().minus(age);
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            List<Path> old = s.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> modified(p).toInstant().isBefore(limit)).toList();
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
