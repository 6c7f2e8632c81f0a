using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using JasperFx.Events;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// Years of KPI history, loaded fast with Marten's bulk append (binary COPY, no inline projections): per municipality
/// one plan, per KPI one stream — KpiDefined, then a KpiMeasured per quarter going back from FY2025 Q4, and a
/// KpiMeasurementCorrected with a reason for every fifth figure — with the metadata the service records.
/// </summary>
internal static class BenchHistory
{
    private static readonly string[] Names = ["スマート申請・窓口システムの利用者数", "オンライン手続の利用率", "キャッシュレス決済に対応した店舗数", "デジタル活用支援講座の参加者数"];
    private static readonly string[] Units = ["人", "%", "店舗", "人"];

    /// <summary>
    /// PostgreSQL refuses COPY into a table under row-level security, and DxEvents forces it on mt_events even for its
    /// owner: Marten's bulk append needs a superuser (DXEVENTS_DB_ADMIN). Without one, batched sessions, slower, with
    /// the session's metadata, and without the inline plan view (these KPI streams have no plan stream to open it).
    /// </summary>
    public static async Task<long> LoadAsync(BenchDatabase db, IReadOnlyList<string> tenants, int kpisPerTenant, int eventsPerKpi)
    {
        var bulk = db.AdminConnectionString is { } admin ? await db.OpenStoreAsync(daemon: true, connectionString: admin) : null;
        var store = bulk ?? await db.OpenStoreAsync(tweak: o =>
        {
            o.Projections.All.RemoveAll(p => p is Api.Projections.InlinePlanView.PlanParts or Api.Projections.InlinePlanView.MeasureParts or Api.Projections.InlinePlanView.KpiParts);
            o.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        });
        long total = 0;
        foreach (var tenant in tenants)
        {
            var streams = Enumerable.Range(0, kpisPerTenant).Select(k => Stream(store, tenant, k, eventsPerKpi)).ToList();
            if (bulk is not null)
            {
                await bulk.BulkInsertEventsAsync(tenant, streams, 10_000);
            }
            else
            {
                await using var session = store.LightweightSession(tenant);
                Envelopes.Stamp(session, BenchPlans.Metadata);
                foreach (var s in streams)
                    session.Events.StartStream(s.Key!, s.Events.Select(e => e.Data).ToArray());
                await session.SaveChangesAsync();
            }
            total += streams.Sum(s => s.Events.Count);
        }
        return total;
    }

    private static StreamAction Stream(IDocumentStore store, string tenant, int k, int events)
    {
        var (plan, kpi, measure) = ($"{tenant}-dx", $"k{k + 1:00}", $"m{k / 2 + 1:00}");
        var data = new List<object>
        {
            new KpiDefined(plan, kpi, measure, Names[k % Names.Length], Units[k % Units.Length], KpiKind.Level, null, KpiDirection.Increase,
                new KpiBaseline(120, 2005), new KpiTarget(300 + k, 2030, null), "令和12年度までに人口の約1%"),
        };
        var figures = new List<(int Year, int Quarter, decimal Value)>();
        // A correction follows every fifth figure, so about 5/6 of the events are figures, the last one FY2025 Q4.
        var first = 2025 * 4 + 3 - (events - 1) * 5 / 6;
        for (var i = 0; data.Count < events; i++)
        {
            var (year, number) = ((first + i) / 4, (first + i) % 4 + 1);
            var value = 120m + i * 3 + k % 7 + 0.5m * (i % 2);
            data.Add(new KpiMeasured(plan, kpi, measure, year, number, value, i % 3 == 0 ? "窓口受付件数を集計（本庁・支所）" : null));
            figures.Add((year, number, value));
            if (i % 5 == 4 && data.Count < events)
            {
                var (y, q, v) = figures[i - 2];
                data.Add(new KpiMeasurementCorrected(plan, kpi, measure, y, q, v + 1, v, "集計漏れ（支所分）を加算"));
            }
        }
        var action = StreamAction.Start((IEventRegistry)store.Options.Events, StreamIds.Kpi(plan, kpi), [.. data]);
        var recorded = new DateTimeOffset(2006, 4, 20, 1, 0, 0, TimeSpan.Zero).AddMinutes(k);
        foreach (var e in action.Events)
        {
            e.UserName = $"{tenant} DX推進室 担当{k % 4 + 1}";
            e.CorrelationId = Guid.NewGuid().ToString("N");
            e.CausationId = e.CorrelationId;
            e.SetHeader(Envelopes.RequestIdHeader, "0HN" + e.CorrelationId[..10].ToUpperInvariant());
            if (e.Data is KpiMeasurementCorrected c)
                e.SetHeader(Envelopes.ReasonHeader, c.Reason);
            e.Timestamp = recorded = recorded.AddDays(30).AddTicks(-(recorded.Ticks % TimeSpan.TicksPerMicrosecond));
        }
        return action;
    }
}
