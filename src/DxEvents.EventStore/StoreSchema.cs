namespace DxEvents.EventStore;

/// <summary>The store's own tables. Tenant data carries tenant_id first in every key and sits under row-level security.</summary>
public static class StoreSchema
{
    public const string Module = "store";

    /// <summary>The policy every tenant table gets: its tenant's rows, or all rows for an explicit cross-tenant reader.</summary>
    public static string TenantPolicy(string table) => $"""
        ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY {table}_tenant ON {table}
            USING (tenant_id = current_setting('dxevents.tenant', true) OR current_setting('dxevents.scope', true) = 'all')
            WITH CHECK (tenant_id = current_setting('dxevents.tenant', true) OR current_setting('dxevents.scope', true) = 'all');
        """;

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(Module, 1, "streams, events, checkpoints, idempotency", $"""
            CREATE TABLE dx_streams (
                tenant_id   text        NOT NULL,
                stream_id   text        NOT NULL,
                stream_type text        NOT NULL,
                version     bigint      NOT NULL,
                created_at  timestamptz NOT NULL DEFAULT now(),
                updated_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, stream_id));

            -- tx_id is the writing transaction's id: consumers read in (tx_id, seq) order below the
            -- oldest running transaction, so an event that commits late is never skipped.
            CREATE TABLE dx_events (
                tenant_id   text        NOT NULL,
                seq         bigint      GENERATED ALWAYS AS IDENTITY,
                stream_id   text        NOT NULL,
                version     bigint      NOT NULL,
                event_id    uuid        NOT NULL,
                event_type  text        NOT NULL,
                data        jsonb       NOT NULL,
                metadata    jsonb       NOT NULL,
                recorded_at timestamptz NOT NULL,
                tx_id       bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
                PRIMARY KEY (tenant_id, seq),
                UNIQUE (tenant_id, stream_id, version));
            -- Three indexes only: each one is paid on every append. Audit filters scan a tenant's sequence range.
            CREATE INDEX dx_events_commit_order ON dx_events (tx_id, seq);

            CREATE TABLE dx_projection_checkpoints (
                projection  text        PRIMARY KEY,
                tx_id       bigint      NOT NULL DEFAULT 0,
                seq         bigint      NOT NULL DEFAULT 0,
                updated_at  timestamptz NOT NULL DEFAULT now());

            CREATE TABLE dx_idempotency (
                tenant_id    text        NOT NULL,
                key          text        NOT NULL,
                request_hash text        NOT NULL,
                status       int         NOT NULL,
                etag         text,
                location     text,
                body         text        NOT NULL,
                created_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, key));

            {TenantPolicy("dx_streams")}
            {TenantPolicy("dx_events")}
            {TenantPolicy("dx_idempotency")}
            """),

        // Each tenant's events form a hash chain (DESIGN §4.5, README "Integrity"): chain_pos counts 1, 2, 3… per tenant,
        // hash covers the previous hash and the event. The head row is what appends lock to keep the chain in order.
        // The unique key doubles as the index the verification walk and the exports read the chain by.
        new(Module, 2, "hash chain", $"""
            ALTER TABLE dx_events ADD COLUMN chain_pos bigint, ADD COLUMN hash bytea;
            ALTER TABLE dx_events ADD CONSTRAINT dx_events_chain UNIQUE (tenant_id, chain_pos);
            CREATE TABLE dx_chain_heads (
                tenant_id text   PRIMARY KEY,
                position  bigint NOT NULL,
                hash      bytea  NOT NULL);
            {TenantPolicy("dx_chain_heads")}
            """, Chain.ChainBackfill.RunAsync),
    ];
}
