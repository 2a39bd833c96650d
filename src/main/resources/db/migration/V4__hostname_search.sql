-- The web page's reads (issue 13).
-- 1. Substring search (GET /domain/{id}/hostname?q=) through a trigram index: the listing asks
--    `name LIKE '%q%'`, which a GIN index of pg_trgm answers without reading the whole table.
--    pg_trgm ships with PostgreSQL (contrib) and is a trusted extension (PostgreSQL 13+), so the
--    database owner may create it; where it cannot be created the search still works, by scanning.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'pg_trgm not available (%): hostname search works without its index', SQLERRM;
END $$;

DO $$
DECLARE
    ops text;
BEGIN
    SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF ops IS NOT NULL THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS cptm8hostname_name_trgm_idx ON cptm8hostname USING gin (name ' || ops || ')';
    END IF;
END $$;

-- 2. The changes feed (GET /changes) and the per-day chart (GET /stats/found): names first found,
--    and live flags flipped, since a time.
CREATE INDEX IF NOT EXISTS cptm8hostname_found_idx ON cptm8hostname (foundfirsttime);
CREATE INDEX IF NOT EXISTS cptm8hostname_livechanged_idx ON cptm8hostname (livechangedat) WHERE livechangedat IS NOT NULL;

-- 3. Each domain's last scan (GET /domains): the newest run of one domain, from an index.
CREATE INDEX IF NOT EXISTS asmm8_scan_run_domain_started_idx ON asmm8_scan_run (domainid, startedat DESC);
