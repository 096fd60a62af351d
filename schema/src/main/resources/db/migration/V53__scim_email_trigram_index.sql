-- `emails.value co "…"` (and eq/sw/ew) at 10,000 users scanned the workspace's rows (docs/benchmarks.md, "SCIM
-- provisioning"). A trigram index on the lower-cased JSON text of each user's emails lets ScimFilters pre-filter
-- the candidates. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. Where it cannot
-- be created, the migration still succeeds and the filters work as before, by scanning.
-- [jooq ignore start]
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS scim_user_emails_trgm_idx
        ON scim_user USING gin (lower(cast(resource -> 'emails' AS text)) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%); SCIM filters on emails scan instead', SQLERRM;
END
$$;
-- [jooq ignore stop]
