using JasperFx.Events;
using Marten;

namespace DxEvents.Benchmarks.Peer;

public sealed record KpiDefined(string KpiId, string Name);

/// <summary>The same fields as DxEvents' KpiMeasured, so that both stores write events of the same size.</summary>
public sealed record KpiMeasured(string PlanId, string KpiId, string MeasureId, int FiscalYear, int Quarter, decimal Value, string? Note);

/// <summary>The minimal aggregate: folded live from its stream on every write, as DxEvents folds its KPI streams.</summary>
public sealed class PeerKpi
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public int Figures { get; set; }
    public decimal Last { get; set; }

    public void Apply(KpiDefined _) { }

    public void Apply(KpiMeasured e) => (Figures, Last) = (Figures + 1, e.Value);
}

/// <summary>
/// The peer's Marten configuration, shared by its HTTP service and the store benchmark's plain-Marten row: Marten's
/// defaults plus string stream keys (as DxEvents' streams have) in a schema of its own; no tenancy, no row-level security,
/// no event metadata, no inline projections.
/// </summary>
public static class PeerStore
{
    public const string Schema = "peer";

    public static void Configure(StoreOptions opts, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MapEventType<KpiDefined>("kpi_defined");
        opts.Events.MapEventType<KpiMeasured>("kpi_measured");
    }
}
