-- The service runs as an ordinary role: row-level security never applies to superusers.
CREATE ROLE dxevents LOGIN PASSWORD 'dxevents' NOSUPERUSER NOBYPASSRLS CREATEDB;
CREATE DATABASE dxevents OWNER dxevents;
