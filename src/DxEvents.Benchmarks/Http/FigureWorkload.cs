using System.Globalization;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Http;

/// <summary>A KPI of an imported plan that clients record figures for.</summary>
internal sealed record KpiSlot(string Tenant, string PlanId, string KpiId, int Index);

/// <summary>
/// What recorders send at quarter end. The KPIs are dealt out to the clients like cards, so no two clients write the same
/// KPI stream; each client records its KPIs' figures FY2023 Q1–FY2025 Q4 quarter by quarter (KpiMeasured), and once they
/// are all in, corrects them round after round (KpiMeasurementCorrected, which may repeat without limit), each correction
/// a value its figure does not have yet. Command n of client c is always the same request (so a resend is the same
/// request), and its Idempotency-Key is "{run}-{c}-{n}", fresh for every command.
/// </summary>
internal sealed class FigureWorkload
{
    public const int Quarters = 12;
    private readonly KpiSlot[][] _mine;
    private readonly long[] _next;

    public FigureWorkload(IReadOnlyList<KpiSlot> slots, int clients, string run)
    {
        _mine = Enumerable.Range(0, clients).Select(c => slots.Where((_, i) => i % clients == c).ToArray()).ToArray();
        if (_mine.Any(m => m.Length == 0))
            throw new ArgumentException($"{slots.Count} KPIs cannot keep {clients} clients busy: import more plans.", nameof(slots));
        _next = new long[clients];
        Run = run;
    }

    /// <summary>The Idempotency-Keys' prefix.</summary>
    public string Run { get; }

    /// <summary>The client's next command (its counter moves on).</summary>
    public ApiCommand Next(int client) => At(client, _next[client]++);

    /// <summary>Figures recorded so far (every command up to the first correction) and corrections, over all clients.</summary>
    public (long Figures, long Corrections) Sent()
    {
        long figures = 0, corrections = 0;
        for (var c = 0; c < _next.Length; c++)
        {
            var first = (long)_mine[c].Length * Quarters;
            figures += Math.Min(_next[c], first);
            corrections += Math.Max(0, _next[c] - first);
        }
        return (figures, corrections);
    }

    public ApiCommand At(int client, long n)
    {
        var mine = _mine[client];
        var slot = mine[n % mine.Length];
        var round = n / mine.Length;
        var quarter = (int)(round % Quarters);
        var (year, number) = (2023 + quarter / 4, quarter % 4 + 1);
        var value = 10m + quarter * 3 + slot.Index % 7;
        var key = Invariant($"{Run}-{client}-{n}");
        var kpi = $"/plans/{slot.PlanId}/kpis/{slot.KpiId}/measurements";
        if (round < Quarters)
            return new ApiCommand(slot.Tenant, kpi, Invariant($$"""{"fiscalYear":{{year}},"quarter":{{number}},"value":{{value}},"note":"窓口受付件数を集計（本庁・支所）"}"""), key);
        var correction = round / Quarters;
        return new ApiCommand(slot.Tenant, Invariant($"{kpi}/{year}/{number}/corrections"),
            Invariant($$"""{"value":{{value + correction}},"reason":"支所分の集計漏れを加算（第{{correction.ToString(CultureInfo.InvariantCulture)}}回）"}"""), key);
    }
}
