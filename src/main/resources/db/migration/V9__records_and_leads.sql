-- DNS records with history, their changes, and takeover leads: ASMM8's own tables beside the
-- platform's cptm8hostname (a hostname's rows go with it).
--
-- asmm8_record: every A, AAAA and CNAME value the engine (or a tool that prints addresses) saw
-- for a hostname. A current record is what the name answers now; a record that stopped being
-- answered is kept with current = false and lastseen = when it stopped. A check writes only the
-- rows that changed: a current record's last sighting is its hostname's lastresolved.
CREATE TABLE IF NOT EXISTS asmm8_record (
    hostnameid  uuid NOT NULL REFERENCES cptm8hostname (id) ON DELETE CASCADE,
    type        text NOT NULL CHECK (type IN ('A', 'AAAA', 'CNAME')),
    value       text NOT NULL,
    firstseen   timestamptz NOT NULL DEFAULT now(),
    lastseen    timestamptz,
    current     boolean NOT NULL DEFAULT true,
    PRIMARY KEY (hostnameid, type, value)
);

-- asmm8_record_change: one row per hostname and type whose values changed (old and new, each the
-- sorted values joined by commas, empty when none).
CREATE TABLE IF NOT EXISTS asmm8_record_change (
    id          bigserial PRIMARY KEY,
    hostnameid  uuid NOT NULL REFERENCES cptm8hostname (id) ON DELETE CASCADE,
    domainid    uuid NOT NULL,
    name        text NOT NULL,
    type        text NOT NULL,
    old         text NOT NULL,
    new         text NOT NULL,
    changedat   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS asmm8_record_change_domain_idx ON asmm8_record_change (domainid, changedat);
CREATE INDEX IF NOT EXISTS asmm8_record_change_host_idx ON asmm8_record_change (hostnameid, changedat);

-- asmm8_takeover_lead: a hostname whose CNAME chain ends in NXDOMAIN, or points under a service
-- suffix that is claimable when unclaimed (config/takeovers.yaml): the evidence (the chain, the
-- target that does not exist, its rcode, the service), whether it still holds, and when it was
-- announced on the notification exchange (once).
CREATE TABLE IF NOT EXISTS asmm8_takeover_lead (
    hostnameid  uuid PRIMARY KEY REFERENCES cptm8hostname (id) ON DELETE CASCADE,
    domainid    uuid NOT NULL,
    name        text NOT NULL,
    service     text,
    target      text NOT NULL,
    rcode       text NOT NULL,
    chain       text[] NOT NULL,
    firstseen   timestamptz NOT NULL DEFAULT now(),
    lastseen    timestamptz NOT NULL DEFAULT now(),
    current     boolean NOT NULL DEFAULT true,
    claimedat   timestamptz,  -- a daemon is announcing it (another waits until this is stale)
    notifiedat  timestamptz
);
CREATE INDEX IF NOT EXISTS asmm8_takeover_lead_domain_idx ON asmm8_takeover_lead (domainid) WHERE current;
