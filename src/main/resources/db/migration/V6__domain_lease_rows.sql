-- Every domain has its lease row from the moment it exists, whichever service inserts it (the
-- platform's other services write cptm8domain too): a trigger adds the row, so the schedule's
-- claim needs no per-poll search for domains without one. Rows for the domains that exist now are
-- added here once.
CREATE OR REPLACE FUNCTION asmm8_domain_lease_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO asmm8_domain_lease (domainid) VALUES (NEW.id) ON CONFLICT (domainid) DO NOTHING;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS asmm8_domain_lease_row ON cptm8domain;
CREATE TRIGGER asmm8_domain_lease_row AFTER INSERT ON cptm8domain
    FOR EACH ROW EXECUTE FUNCTION asmm8_domain_lease_row();

INSERT INTO asmm8_domain_lease (domainid)
SELECT d.id FROM cptm8domain d
ON CONFLICT (domainid) DO NOTHING;
