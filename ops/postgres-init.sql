-- The service runs as an ordinary role: row-level security never applies to superusers. It owns nothing, so it can
-- neither change the schema nor switch row-level security off.
CREATE ROLE dxevents LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
-- The schema's owner: applies Marten's, DxEvents' and Wolverine's schema and grants the other two roles (DXEVENTS_OWNER_DB).
CREATE ROLE dxevents_owner LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS CREATEDB NOCREATEROLE;
CREATE DATABASE dxevents OWNER dxevents_owner;
-- The async daemon's role: a member of the service's role, the only one the cross-tenant policies are granted to.
CREATE ROLE dxevents_daemon LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS IN ROLE dxevents;
