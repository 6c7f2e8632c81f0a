using System.Diagnostics;
using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;

namespace DxEvents.Benchmarks;

internal sealed record SealingLag(long Count, double P50, double P99, double Max);

/// <summary>The chain as the daemon left it, read with SQL as the cross-tenant role.</summary>
internal sealed class SealingWatch(BenchDatabase db)
{
    private const string S = Api.EventStore.StoreSetup.Schema;

    /// <summary>
    /// Waits until the sealer (or, with <paramref name="everyProjection"/>, every async projection) has passed every event
    /// committed so far, at most 3 minutes or <paramref name="timeout"/>; returns that sequence.
    /// </summary>
    public async Task<long> WaitSealedAsync(TimeSpan? timeout = null, bool everyProjection = false)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(3);
        var last = await db.ScalarAsync<long>($"select coalesce(max(seq_id), 0) from {S}.mt_events");
        var progress = everyProjection
            // Shards are "{projection}:All"; Marten's own rows (HighWaterMark, HighWaterStuckGap, …) have no colon.
            ? $"select coalesce(min(last_seq_id), 0) from {S}.mt_event_progression where name like '%:All'"
            : $"select coalesce((select last_seq_id from {S}.mt_event_progression where name = '{ChainSealer.Name}:All'), 0)";
        var clock = Stopwatch.StartNew();
        while (await db.ScalarAsync<long>(progress) < last)
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"The {(everyProjection ? "daemon" : "chain sealer")} did not reach sequence {last} in {limit.TotalSeconds:F0} s.");
            await Task.Delay(50);
        }
        return last;
    }

    /// <summary>dx_chain.sealed_at − mt_events.timestamp of the events in the ranges (from, to].</summary>
    public async Task<SealingLag> LagAsync(IReadOnlyList<(long From, long To)> ranges)
    {
        if (ranges.Count == 0)
            return new SealingLag(0, double.NaN, double.NaN, double.NaN);
        var where = string.Join(" or ", ranges.Select(r => $"(e.seq_id > {r.From} and e.seq_id <= {r.To})"));
        var row = await db.ScalarAsync<string>($"""
            select concat_ws(' ', count(*), percentile_cont(0.5) within group (order by lag), percentile_cont(0.99) within group (order by lag), max(lag))
            from (select extract(epoch from c.sealed_at - e.timestamp)::float8 as lag
                  from {S}.{ChainSchema.Links} c join {S}.mt_events e on e.seq_id = c.seq_id where {where}) x
            """);
        var parts = row.Split(' ').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new SealingLag((long)parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>
    /// Why events waited to be sealed: the sequence numbers in (from, to] that no committed event holds (a transaction that
    /// took them rolled back, and Marten's high-water mark waits up to StaleSequenceThreshold before passing such a gap),
    /// and the seconds of recording whose events waited longest. Plain SQL: Marten keeps only the gap its high-water mark is
    /// stuck at (HighWaterStuckGap), not a count over a range, and knows nothing of the chain's sealing times.
    /// </summary>
    public async Task<string> LagCausesAsync(long from, long to)
    {
        var gaps = await db.ScalarAsync<long>($"""
            select count(*) from generate_series({from} + 1, {to}) s(n)
            where not exists (select from {S}.mt_events e where e.seq_id = s.n)
            """);
        var worst = await db.ScalarAsync<string>($"""
            select coalesce(string_agg(to_char(second, 'HH24:MI:SS') || ' ' || round(lag::numeric, 2) || ' s (' || events || ')', ', ' order by lag desc), '')
            from (select date_trunc('second', e.timestamp) as second, max(extract(epoch from c.sealed_at - e.timestamp)) as lag, count(*) as events
                  from {S}.{ChainSchema.Links} c join {S}.mt_events e on e.seq_id = c.seq_id
                  where e.seq_id > {from} and e.seq_id <= {to} group by 1 order by 2 desc limit 5) x
            """);
        return $"{gaps} sequence numbers never committed; longest waits by second of recording: {worst}";
    }

    /// <summary>KpiMeasured events appended in the range against the figures the phase's inline plan views hold.</summary>
    public async Task<(long Events, long Figures, double Kilobytes)> PlanViewFiguresAsync(long from, long to, string phase)
    {
        var events = await db.ScalarAsync<long>($"select count(*) from {S}.mt_events where type = 'KpiMeasured' and seq_id > {from} and seq_id <= {to}");
        var figures = await db.ScalarAsync<long>($"""
            select coalesce(sum(jsonb_array_length(k.data->'view'->'figures')), 0)::bigint
            from {S}.mt_doc_kpipart k where k.data->>'planId' like '{phase}-%'
            """);
        // The plan view is one part per stream: its size is the sum of a plan's parts.
        var size = await db.ScalarAsync<double>($"""
            select coalesce(avg(total), 0)::float8 / 1024 from (
              select plan, sum(size) as total from (
                select data->>'planId' as plan, octet_length(data::text) as size from {S}.mt_doc_kpipart
                union all select data->>'planId', octet_length(data::text) from {S}.mt_doc_measurepart
                union all select data->'view'->>'planId', octet_length(data::text) from {S}.mt_doc_planpart) parts
              where plan like '{phase}-%' group by plan) x
            """);
        return (events, figures, size);
    }
}
