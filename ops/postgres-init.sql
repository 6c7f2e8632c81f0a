-- The service runs as an ordinary role: row-level security never applies to superusers.
CREATE ROLE dxevents LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS CREATEDB;
CREATE DATABASE dxevents OWNER dxevents;
-- The async daemon's role: a member of the service's role, the only one the cross-tenant policies are granted to.
CREATE ROLE dxevents_daemon LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS IN ROLE dxevents;
