package com.asmm8.ingest;

import com.asmm8.db.DomainRepository;
import com.asmm8.db.Fence;
import com.asmm8.db.InventoryWrites;
import com.asmm8.db.ScanRunRepository;
import com.asmm8.scan.Staging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, writes the names a dead process had spooled while the database was away (kept by
 * {@link Staging} when it removed that process's staging folder): each batch credited to the tool
 * that printed it, into the inventory or the live flags as the spool file says. A spool that
 * cannot be written yet stays for the next start.
 */
public class SpoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    private final Staging staging;
    private final ScanRunRepository runs;
    private final DomainRepository domains;
    private final InventoryWrites writes;
    private final int batchSize;

    public SpoolRecovery(Staging staging, ScanRunRepository runs, DomainRepository domains, InventoryWrites writes,
            int batchSize) {
        this.staging = staging;
        this.runs = runs;
        this.domains = domains;
        this.writes = writes;
        this.batchSize = batchSize;
    }

    /** Replays every kept spool; returns the number of names written. */
    public long replayAll() {
        long total = 0;
        for (Path dir : staging.spooled()) {
            String id = dir.getFileName().toString().substring(Staging.SPOOLED_PREFIX.length());
            try {
                Optional<UUID> domainId = domainOf(UUID.fromString(id));
                if (domainId.isEmpty()) {
                    LOG.error("Scan {}: its spooled names cannot be replayed, its run is not in the database; left in {}", id, dir);
                    continue;
                }
                long n = replay(dir, domainId.get());
                staging.remove(dir);
                total += n;
                LOG.warn("Scan {}: wrote {} names it had kept while the database was away, before its process died", id, n);
            } catch (SQLException | IOException | RuntimeException e) {
                LOG.warn("Scan {}: its spooled names in {} could not be written yet ({}); tried again at the next start", id, dir,
                        e.getMessage());
            }
        }
        return total;
    }

    private Optional<UUID> domainOf(UUID runId) throws SQLException {
        Optional<ScanRunRepository.Row> run = runs.find(runId);
        return run.isEmpty() ? Optional.empty() : domains.findByName(run.get().domain()).map(DomainRepository.Domain::id);
    }

    private long replay(Path dir, UUID domainId) throws IOException, SQLException {
        long n = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Spool.kind(p) != null).sorted().toList();
        }
        for (Path f : files) {
            String kind = Spool.kind(f);
            long offset = 0;
            Spool.Batch b;
            while ((b = Spool.read(f, offset, batchSize, kind)) != null) {
                if (BatchWrites.LIVE_FLAGS.equals(kind)) {
                    writes.markLive(Fence.none(domainId), b.names());
                } else if (BatchWrites.INVENTORY_WILDCARD.equals(kind)) {
                    writes.upsertWildcard(Fence.none(domainId), b.tool(), b.names());
                } else {
                    writes.upsert(Fence.none(domainId), b.tool(), b.names());
                }
                n += b.names().size();
                offset = b.endOffset();
            }
            Files.delete(f);
        }
        return n;
    }
}
