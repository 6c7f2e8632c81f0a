using DxEvents.Api.Infrastructure;
using DxEvents.Domain.Kpis;
using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.Api.Projections;

/// <summary>
/// One row per KPI and quarter: the figure in force, the figure first recorded, how many corrections,
/// and who last touched it — the table open-data exports and "figures due" read. It needs no inline
/// consistency, so it runs on the daemon, and can be rebuilt from zero at any time.
/// </summary>
public sealed class KpiFigures : IAsyncProjection
{
    public const string ProjectionName = "kpi_figures";

    public static readonly Migration Migration = new(ApiSchema.Module, 2, "kpi figures (async)", $"""
        CREATE TABLE dx_kpi_figures (
            tenant_id      text        NOT NULL,
            plan_id        text        NOT NULL,
            kpi_id         text        NOT NULL,
            fiscal_year    int         NOT NULL,
            quarter        int         NOT NULL,
            value          numeric     NOT NULL,
            first_value    numeric     NOT NULL,
            corrections    int         NOT NULL,
            last_actor     text        NOT NULL,
            last_recorded  timestamptz NOT NULL,
            last_seq       bigint      NOT NULL,
            PRIMARY KEY (tenant_id, plan_id, kpi_id, fiscal_year, quarter));
        {StoreSchema.TenantPolicy("dx_kpi_figures")}
        """);

    public string Name => ProjectionName;

    public ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var stored in events.Where(e => e.EventType is nameof(KpiMeasured) or nameof(KpiMeasurementCorrected)))
        {
            var envelope = EventCodec.Decode(stored);
            var (sql, planId, kpiId, year, quarter, value) = envelope.Event switch
            {
                KpiMeasured m => (Recorded, m.PlanId, m.KpiId, m.FiscalYear, m.Quarter, m.Value),
                KpiMeasurementCorrected c => (Corrected, c.PlanId, c.KpiId, c.FiscalYear, c.Quarter, c.Value),
                _ => throw new InvalidOperationException(stored.EventType),
            };
            context.Write(new NpgsqlBatchCommand(sql)
            {
                Parameters =
                {
                    new() { Value = stored.TenantId }, new() { Value = planId }, new() { Value = kpiId },
                    new() { Value = year }, new() { Value = quarter }, new() { Value = value },
                    new() { Value = envelope.Metadata.Actor }, new() { Value = stored.RecordedAt }, new() { Value = stored.Sequence },
                },
            });
        }
        return ValueTask.CompletedTask;
    }

    // The guard on last_seq makes a replayed event a no-op, so applying a batch twice cannot double a figure.
    private const string Recorded = """
        INSERT INTO dx_kpi_figures VALUES ($1, $2, $3, $4, $5, $6, $6, 0, $7, $8, $9)
        ON CONFLICT (tenant_id, plan_id, kpi_id, fiscal_year, quarter) DO NOTHING
        """;

    private const string Corrected = """
        UPDATE dx_kpi_figures SET value = $6, corrections = corrections + 1, last_actor = $7, last_recorded = $8, last_seq = $9
        WHERE tenant_id = $1 AND plan_id = $2 AND kpi_id = $3 AND fiscal_year = $4 AND quarter = $5 AND last_seq < $9
        """;

    public ValueTask ResetAsync(ProjectionContext context, CancellationToken ct)
    {
        context.Write(new NpgsqlBatchCommand("DELETE FROM dx_kpi_figures"));
        return ValueTask.CompletedTask;
    }
}
