using DxEvents.EventStore;

namespace DxEvents.Api.Infrastructure;

/// <summary>The service's own tables: API keys (hashes only) and the inline plan view.</summary>
public static class ApiSchema
{
    public const string Module = "api";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(Module, 1, "api keys, plan views", $"""
            CREATE TABLE dx_api_keys (
                tenant_id  text        NOT NULL,
                key_hash   bytea       NOT NULL,
                name       text        NOT NULL,
                role       text        NOT NULL CHECK (role IN ('recorder', 'office', 'auditor', 'headquarters')),
                created_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz,
                PRIMARY KEY (tenant_id, key_hash));

            CREATE TABLE dx_plan_views (
                tenant_id   text        NOT NULL,
                plan_id     text        NOT NULL,
                view        jsonb       NOT NULL,
                last_seq    bigint      NOT NULL,
                updated_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, plan_id));

            {StoreSchema.TenantPolicy("dx_api_keys")}
            {StoreSchema.TenantPolicy("dx_plan_views")}
            """),
    ];

    public static IEnumerable<Migration> All => [.. StoreSchema.Migrations, .. Migrations, Projections.KpiFigures.Migration];
}
