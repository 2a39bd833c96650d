-- ASMM8 schema. The three cptm8* tables are shared with the rest of the platform: their names and
-- columns are kept as the Go service created them; everything here is written so it also applies
-- to a database where they already exist.

CREATE TABLE IF NOT EXISTS cptm8domain (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        varchar(253) NOT NULL,
    companyname varchar(255) NOT NULL DEFAULT '',
    enabled     boolean      NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX IF NOT EXISTS cptm8domain_name_key ON cptm8domain (name);

CREATE TABLE IF NOT EXISTS cptm8hostname (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name           varchar(253) NOT NULL UNIQUE,
    foundfirsttime timestamptz  NOT NULL DEFAULT now(),
    live           boolean      NOT NULL DEFAULT true,
    enabled        boolean      NOT NULL DEFAULT true,
    domainid       uuid REFERENCES cptm8domain (id) ON DELETE CASCADE
);
-- added by ASMM8: when a name was last reported or resolved, and by which tools
ALTER TABLE cptm8hostname ADD COLUMN IF NOT EXISTS lastseen     timestamptz;
ALTER TABLE cptm8hostname ADD COLUMN IF NOT EXISTS lastresolved timestamptz;
ALTER TABLE cptm8hostname ADD COLUMN IF NOT EXISTS sources      text[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS cptm8hostname_domainid_idx ON cptm8hostname (domainid);

CREATE TABLE IF NOT EXISTS cptm8generalscansettings (
    id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    settings jsonb NOT NULL DEFAULT '{}'
);
INSERT INTO cptm8generalscansettings (settings)
SELECT '{"scannewlyfoundhostname": true}'::jsonb
WHERE NOT EXISTS (SELECT 1 FROM cptm8generalscansettings);

-- one row per scan of one domain
CREATE TABLE IF NOT EXISTS asmm8_scan_run (
    id             uuid PRIMARY KEY,
    domainid       uuid NOT NULL REFERENCES cptm8domain (id) ON DELETE CASCADE,
    domain         varchar(253) NOT NULL,
    scantype       varchar(16)  NOT NULL,
    status         varchar(16)  NOT NULL,          -- running, completed, warning, failed, interrupted, cancelled
    phase          varchar(16),                    -- the phase running now, or the last one
    owner          varchar(255) NOT NULL,          -- host:pid of the process running it
    startedat      timestamptz  NOT NULL DEFAULT now(),
    endedat        timestamptz,
    phases         jsonb        NOT NULL DEFAULT '{}', -- per phase and tool: status, exit, lines, rejected, counts
    hostnamesseen  integer      NOT NULL DEFAULT 0,
    newhostnames   integer      NOT NULL DEFAULT 0,
    livechanges    integer      NOT NULL DEFAULT 0,
    error          text
);
-- at most one running scan per domain, whichever process started it
CREATE UNIQUE INDEX IF NOT EXISTS asmm8_scan_run_one_running ON asmm8_scan_run (domainid) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS asmm8_scan_run_started_idx ON asmm8_scan_run (startedat DESC);
