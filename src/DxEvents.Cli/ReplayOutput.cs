using System.Globalization;
using System.Text;
using System.Text.Json;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Reports.Csv;
using DxEvents.Domain.Status;
using DxEvents.Integrity;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>A replayed answer as the server's JSON, as open-data CSV (one row per KPI), or as tables to read.</summary>
internal static class ReplayOutput
{
    public static void Write(Replayed replayed, string format)
    {
        switch (format)
        {
            case "json":
                Console.Out.WriteLine(JsonSerializer.Serialize(replayed.Answer, replayed.Answer.GetType(), BundleReplay.Json));
                break;
            case "csv":
                WriteCsv(replayed);
                break;
            default:
                if (replayed.Plan is { } plan)
                    PlanTable(plan.Status, plan.Chain);
                else
                    HeadquartersTable(replayed.Headquarters!.Status);
                break;
        }
    }

    private static void WriteCsv(Replayed replayed)
    {
        var reports = replayed.Plan is { } plan
            ? [plan.Status]
            : replayed.Views.OrderBy(v => v.PlanId, StringComparer.Ordinal).Select(v => StatusRule.Evaluate(v, replayed.Headquarters!.ReportingDate, v.Tolerances));
        var text = new StringBuilder();
        foreach (var table in reports.Select(StatusCsv.Kpis))
        {
            var csv = table.ToString();
            text.Append(text.Length == 0 ? csv : csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]);
        }
        using var stdout = Console.OpenStandardOutput();
        // Open-data CSV carries a BOM so that Excel reads the Japanese; a terminal does not need it.
        if (Console.IsOutputRedirected)
            stdout.Write(Encoding.UTF8.GetPreamble());
        stdout.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static void PlanTable(PlanStatusReport report, ChainHead? chain)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"{report.Municipality.Name} {report.Title} ({report.PlanId}) — reporting date {report.ReportingDate:yyyy-MM-dd}, " +
            $"last closed quarter {report.LastClosedQuarter.Display}, tolerances {report.Tolerances.OnTrack}/{report.Tolerances.AtRisk}"));
        if (chain is not null)
            AnsiConsole.MarkupLine(Markup.Escape($"chain head {chain.Position} {chain.Hash}"));
        var table = new Table().AddColumns("pillar", "measure", "KPI", "latest", "value", "progress", "expected", "status");
        foreach (var pillar in report.Pillars)
            foreach (var measure in pillar.MeasureStatuses)
            {
                if (measure.Kpis.Count == 0)
                    table.AddRow(Cells(pillar.PillarId, measure.MeasureId, "—", "", "", "", "", Labels.Status(measure.Status)));
                foreach (var kpi in measure.Kpis)
                    table.AddRow(Cells(pillar.PillarId, measure.MeasureId, $"{kpi.KpiId} {kpi.Name}", Quarter(kpi.Latest),
                        Number(kpi.Value) + (kpi.Unit ?? ""), Percent(kpi.Progress), Percent(kpi.Expected), Labels.Status(kpi.Status)));
            }
        AnsiConsole.Write(table);
    }

    private static void HeadquartersTable(HeadquartersReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"{report.Municipality?.Name} — reporting date {report.ReportingDate:yyyy-MM-dd}, last closed quarter {report.LastClosedQuarter.Display}"));
        var plans = new Table().AddColumns("plan", "measures achieved/on/at risk/off/no data/not started", "KPIs achieved/on/at risk/off/no data/not started");
        foreach (var plan in report.Plans)
            plans.AddRow(Cells($"{plan.PlanId} {plan.Title}", Counts(plan.Measures), Counts(plan.Kpis)));
        AnsiConsole.Write(plans);
        var attention = new Table().AddColumns("plan", "measure", "KPI", "value", "progress", "expected", "status");
        foreach (var a in report.Attention)
            attention.AddRow(Cells(a.PlanId, a.MeasureId, $"{a.KpiId} {a.KpiName}", Number(a.Value) + (a.Unit ?? ""),
                Percent(a.Progress), Percent(a.Expected), Labels.Status(a.Status)));
        if (report.Attention.Count > 0)
            AnsiConsole.Write(attention);
    }

    private static string[] Cells(params string[] cells) => [.. cells.Select(Markup.Escape)];

    private static string Quarter(QuarterRef? quarter) => quarter is null ? "" : $"FY{quarter.FiscalYear} Q{quarter.Quarter}";

    private static string Counts(StatusCounts c) => $"{c.Achieved}/{c.OnTrack}/{c.AtRisk}/{c.OffTrack}/{c.NoData}/{c.NotStarted}";

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Percent(decimal? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";
}
