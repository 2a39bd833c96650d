-- Scale-out: many daemons on one database share the domains through a lease per domain.
-- A daemon scans a domain only while it holds the domain's lease: `owner` (the node id,
-- ASMM8_NODE_ID), `token` (raised on every claim: the fencing token; a holder whose renewal finds
-- another token has lost the domain and stops writing) and `leaseuntil` (on the database's clock;
-- NULL or past = free). `lastscanat` is when the last scan of the domain that was not interrupted
-- began: the schedule claims a domain when that is older than its interval, so N daemons poll the
-- domains once between them, and a dead daemon's domains (lease expired, scan interrupted) are due
-- again for the others. With RabbitMQ the poll publishes one work item per due domain instead
-- (`queuedat`), and the daemon that takes the item claims the lease.
CREATE TABLE IF NOT EXISTS asmm8_domain_lease (
    domainid    uuid PRIMARY KEY REFERENCES cptm8domain (id) ON DELETE CASCADE,
    owner       varchar(255),
    token       bigint      NOT NULL DEFAULT 0,
    leaseuntil  timestamptz,
    lastscanat  timestamptz,
    queuedat    timestamptz             -- with RabbitMQ: when its work item was published (not again meanwhile)
);
CREATE INDEX IF NOT EXISTS asmm8_domain_lease_due_idx ON asmm8_domain_lease (lastscanat NULLS FIRST);
-- which daemon ran each scan, and under which lease token (a running row of an older token is a
-- dead or fenced holder's: the new holder marks it interrupted)
ALTER TABLE asmm8_scan_run ADD COLUMN IF NOT EXISTS node varchar(255);
ALTER TABLE asmm8_scan_run ADD COLUMN IF NOT EXISTS leasetoken bigint;
