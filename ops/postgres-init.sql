-- The service runs as an ordinary role: row-level security never applies to superusers.
CREATE ROLE dxevents LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS CREATEDB;
CREATE DATABASE dxevents OWNER dxevents;
-- The async daemon's role: a member of the service's role, and the only one that opts in to every municipality.
CREATE ROLE dxevents_daemon LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS IN ROLE dxevents;
ALTER ROLE dxevents_daemon SET dxevents.scope = 'all';
