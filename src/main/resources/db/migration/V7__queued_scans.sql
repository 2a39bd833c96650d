-- Scale-out with RabbitMQ: a scan asked for over HTTP, JMX or a cptm8.asmm8.get.scan message is
-- recorded as `queued` with its id (answered at once) and published as a work item; the daemon
-- that takes the item turns the row `running` under the domain's lease. At most one queued scan
-- per domain, as at most one running.
CREATE UNIQUE INDEX IF NOT EXISTS asmm8_scan_run_one_queued ON asmm8_scan_run (domainid) WHERE status = 'queued';
