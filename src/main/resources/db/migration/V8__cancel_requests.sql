-- Scale-out: a running scan can be cancelled through any daemon. The daemon asked marks the row
-- (cancelrequestedat); the daemon that runs the scan finds the mark at its next check
-- (asmm8.scan.cancel-poll) and cancels it as if asked itself.
ALTER TABLE asmm8_scan_run ADD COLUMN IF NOT EXISTS cancelrequestedat timestamptz;
