using System.Text.Json;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using DxEvents.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace DxEvents.Api.Plans;

/// <summary>
/// The plan view (plan → pillars → measures → KPIs with every revision) kept inline: it commits with
/// the events, so a reader never sees a figure without its plan view or the reverse. The fold itself
/// is the domain's pure <see cref="Domain.Status.PlanViewProjection"/>; this class only stores it.
/// </summary>
public sealed class PlanViewWriter : IInlineProjection
{
    public async ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var byPlan = events
            .Select(e => (Plan: StreamIds.PlanIdOf(e.StreamId), Event: e))
            .Where(x => x.Plan is not null)
            .GroupBy(x => (x.Event.TenantId, Plan: x.Plan!))
            .ToList();
        foreach (var group in byPlan)
        {
            var (tenant, planId) = group.Key;
            var view = await LoadForUpdate(context, tenant, planId, ct);
            view = group.Aggregate(view, (v, x) => Domain.Status.PlanViewProjection.Apply(v, EventCodec.Decode(x.Event)));
            context.Write(new("""
                INSERT INTO dx_plan_views (tenant_id, plan_id, view, last_seq) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant_id, plan_id) DO UPDATE SET view = EXCLUDED.view, last_seq = EXCLUDED.last_seq, updated_at = now()
                """)
            {
                Parameters =
                {
                    new() { Value = tenant }, new() { Value = planId },
                    new() { Value = JsonSerializer.Serialize(view, EventCatalog.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new() { Value = group.Max(x => x.Event.Sequence) },
                },
            });
        }
    }

    private static async Task<PlanView?> LoadForUpdate(ProjectionContext context, string tenant, string planId, CancellationToken ct)
    {
        await using var command = context.Read("SELECT view::text FROM dx_plan_views WHERE tenant_id = $1 AND plan_id = $2 FOR UPDATE");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = planId });
        return await command.ExecuteScalarAsync(ct) is string json ? PlanViews.Deserialize(json) : null;
    }

}

/// <summary>Reads of the stored plan views, and as-of views folded afresh from the events.</summary>
public sealed class PlanViews(EventStore.EventStore store)
{
    internal static PlanView Deserialize(string json) =>
        JsonSerializer.Deserialize<PlanView>(json, EventCatalog.JsonOptions) ?? throw new JsonException("Empty plan view.");

    public Task<PlanView?> GetAsync(string tenant, string planId, CancellationToken ct) =>
        store.InTenantAsync(tenant, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("SELECT view::text FROM dx_plan_views WHERE tenant_id = $1 AND plan_id = $2", connection, tx);
            command.Parameters.Add(new() { Value = tenant });
            command.Parameters.Add(new() { Value = planId });
            return await command.ExecuteScalarAsync(ct) is string json ? Deserialize(json) : null;
        }, ct);

    public Task<List<PlanView>> ListAsync(string tenant, CancellationToken ct) =>
        store.InTenantAsync(tenant, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("SELECT view::text FROM dx_plan_views WHERE tenant_id = $1 ORDER BY plan_id", connection, tx);
            command.Parameters.Add(new() { Value = tenant });
            var views = new List<PlanView>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                views.Add(Deserialize(reader.GetString(0)));
            return views;
        }, ct);

    /// <summary>What was known at an instant: the plan's events recorded up to then, folded afresh.</summary>
    public async Task<PlanView?> AsOfAsync(string tenant, string planId, DateTimeOffset asOf, CancellationToken ct)
    {
        PlanView? view = null;
        await foreach (var e in store.ReadAsync(tenant, new EventFilter { StreamPrefix = StreamIds.Plan(planId), RecordedUntil = asOf }, ct))
            view = Domain.Status.PlanViewProjection.Apply(view, EventCodec.Decode(e));
        return view;
    }
}
