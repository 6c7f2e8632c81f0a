using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace DxEvents.Benchmarks.Peer;

public sealed record DefineKpi(string KpiId, string Name);

public sealed record RecordFigure(int FiscalYear, int Quarter, decimal Value, string? Note);

public static class DefineKpiEndpoint
{
    [WolverinePost("/kpis")]
    public static (CreationResponse, IStartStream) Post(DefineKpi command) =>
        (new CreationResponse($"/kpis/{command.KpiId}"), MartenOps.StartStream<PeerKpi>(command.KpiId, new KpiDefined(command.KpiId, command.Name)));
}

/// <summary>The bare stack's recorded figure: Wolverine fetches the stream for writing, the handler returns the event, Wolverine appends and commits.</summary>
public static class RecordFigureEndpoint
{
    [EmptyResponse]
    [WolverinePost("/kpis/{kpiId}/measurements")]
    public static KpiMeasured Post(RecordFigure command, [Aggregate("kpiId")] PeerKpi kpi) =>
        new("peer-plan", kpi.Id, "m01", command.FiscalYear, command.Quarter, command.Value, command.Note);
}
