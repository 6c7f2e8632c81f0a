using System.Globalization;
using DxEvents.Testing;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>What the daemon's projections hold, read as a database administrator and set against mt_events.</summary>
internal static class Ledger
{
    /// <summary>Committed events (tombstones left out) with no link or more than one; links to no event or a tombstone.</summary>
    public static async Task<List<string>> ChainFaultsAsync(PostgresDatabase db)
    {
        await using var admin = await Sql.AdminAsync(db);
        var faults = new List<string>();
        foreach (var r in await Sql.RowsAsync(admin, """
            SELECT e.seq_id, count(c.seq_id) FROM dxevents.mt_events e LEFT JOIN dxevents.dx_chain c ON c.seq_id = e.seq_id
            WHERE e.type <> 'tombstone' GROUP BY e.seq_id HAVING count(c.seq_id) <> 1
            """))
            faults.Add($"event {r[0]} has {r[1]} links");
        foreach (var r in await Sql.RowsAsync(admin, """
            SELECT c.tenant_id, c.position, c.seq_id FROM dxevents.dx_chain c LEFT JOIN dxevents.mt_events e ON e.seq_id = c.seq_id
            WHERE e.seq_id IS NULL OR e.type = 'tombstone' OR e.tenant_id <> c.tenant_id
            """))
            faults.Add($"link {r[0]}/{r[1]} is for no event of its municipality ({r[2]})");
        // Positions are 1..n per municipality, in sequence order.
        foreach (var r in await Sql.RowsAsync(admin, """
            SELECT tenant_id, seq_id, position, rn FROM (
              SELECT tenant_id, seq_id, position, row_number() OVER (PARTITION BY tenant_id ORDER BY seq_id) AS rn FROM dxevents.dx_chain) x
            WHERE position <> rn
            """))
            faults.Add($"{r[0]}: event {r[1]} is at position {r[2]}, not {r[3]}");
        return faults;
    }

    /// <summary>Sequences of the committed events (tombstones left out), in order.</summary>
    public static async Task<List<long>> EventsAsync(PostgresDatabase db)
    {
        await using var admin = await Sql.AdminAsync(db);
        return (await Sql.RowsAsync(admin, "SELECT seq_id FROM dxevents.mt_events WHERE type <> 'tombstone' ORDER BY seq_id"))
            .Select(r => (long)r[0]!).ToList();
    }

    /// <summary>"tenant kpi/fy/q value first corrections" per KPI figure document, sorted.</summary>
    public static async Task<List<string>> FiguresAsync(PostgresDatabase db)
    {
        await using var admin = await Sql.AdminAsync(db);
        return (await Sql.RowsAsync(admin, """
            SELECT tenant_id, data->>'kpiId', data->>'fiscalYear', data->>'quarter', data->>'value', data->>'firstValue', data->>'corrections'
            FROM dxevents.mt_doc_kpifigure
            """))
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r[0]} {r[1]}/{r[2]}/{r[3]} {r[4]} {r[5]} {r[6]}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Expected figures in the order <see cref="FiguresAsync"/> gives them.</summary>
    public static List<string> Figures(params string[] figures) => figures.Order(StringComparer.Ordinal).ToList();

    public static async Task<long> ProgressAsync(PostgresDatabase db, string name)
    {
        await using var admin = await Sql.AdminAsync(db);
        var rows = await Sql.RowsAsync(admin, "SELECT last_seq_id FROM dxevents.mt_event_progression WHERE name = $1", name);
        return rows.Count == 0 ? 0 : (long)rows[0][0]!;
    }

    /// <summary>The ranges (from, to] Marten's high-water detection skipped as proven dead.</summary>
    public static async Task<List<(long From, long To)>> SkipsAsync(PostgresDatabase db)
    {
        await using var admin = await Sql.AdminAsync(db);
        return (await Sql.RowsAsync(admin, "SELECT starting_sequence, ending_sequence FROM dxevents.mt_high_water_skips ORDER BY ending_sequence"))
            .Select(r => ((long)r[0]!, (long)r[1]!)).ToList();
    }
}

/// <summary>Marten's own record of a gap it is holding before (mt_event_progression "HighWaterStuckGap", server time).</summary>
internal static class StuckGap
{
    /// <summary>Until the daemon has held its mark at <paramref name="mark"/> for at least <paramref name="span"/>.</summary>
    public static async Task HeldAtAsync(PostgresDatabase db, long mark, TimeSpan span)
    {
        await using var admin = await Sql.AdminAsync(db);
        var deadline = DateTime.UtcNow + span + Daemon.Patience;
        while (true)
        {
            var rows = await Sql.RowsAsync(admin, """
                SELECT extract(epoch FROM now() - last_updated)::float8 FROM dxevents.mt_event_progression
                WHERE name = 'HighWaterStuckGap' AND last_seq_id = $1
                """, mark);
            if (rows.Count == 1 && (double)rows[0][0]! >= span.TotalSeconds)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"the daemon should hold its mark at {mark} for {span}");
            await Task.Delay(50);
        }
    }
}
