-- One database per service, owned by the orderflow role. Idempotent (psql's \gexec runs
-- only the CREATE DATABASE statements for databases that are missing), so it serves both
-- the postgres image's /docker-entrypoint-initdb.d (first start) and deploy/postgres.sh
-- (every start).
SELECT format('CREATE DATABASE %I OWNER orderflow', name)
FROM unnest(ARRAY['intake', 'review', 'production', 'procurement', 'logistics', 'aftersales', 'reporting']) AS name
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name)
\gexec
