using System.Xml.Linq;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using Microsoft.AspNetCore.Html;
using static DxEvents.Api.Web.Charts.Svg;

namespace DxEvents.Api.Web.Charts;

/// <summary>事業費 of one fiscal year, 千円: as planned and as currently in force; undetermined lines counted.</summary>
public sealed record BudgetBar(int FiscalYear, long Planned, long Current, int UndeterminedPlanned, int UndeterminedCurrent);

/// <summary>Planned against current 事業費 per fiscal year as grouped bars, each bar labelled with its amount.</summary>
public static class BudgetChart
{
    private const double Height = 280, Left = 72, Right = 16, Top = 36, Bottom = 72, Group = 120;

    public static IHtmlContent Render(IReadOnlyList<BudgetBar> years, string title)
    {
        ArgumentNullException.ThrowIfNull(years);
        var width = Left + Right + Math.Max(years.Count, 1) * Group;
        var (max, step) = Scale(years.Count == 0 ? 0 : years.Max(y => Math.Max(y.Planned, y.Current)));
        var plot = Height - Top - Bottom;
        double Y(double v) => Top + plot - (v / max * plot);
        var parts = new List<XElement>
        {
            E("rect", A("x", Left + 4), A("y", 8), A("width", 14), A("height", 14), A("class", "bar-planned")),
            Text(Left + 24, 20, "当初計画", "legend", "start"),
            E("rect", A("x", Left + 120), A("y", 8), A("width", 14), A("height", 14), A("class", "bar-current")),
            Text(Left + 140, 20, "現在（改訂後）", "legend", "start"),
            Text(Left - 8, Top - 8, "千円", "axis", "end"),
        };
        for (var v = 0.0; v <= max + (step / 2); v += step)
        {
            parts.Add(Line(Left, Y(v), width - Right, Y(v), v == 0 ? "axis-line" : "grid"));
            parts.Add(Text(Left - 8, Y(v) + 4, Labels.Amount((long)v), "axis", "end"));
        }
        for (var i = 0; i < years.Count; i++)
        {
            var year = years[i];
            var x = Left + (i * Group) + 16;
            var fy = new FiscalYear(year.FiscalYear);
            parts.Add(Bar(x, year.Planned, "bar-planned", Y));
            parts.Add(Bar(x + 44, year.Current, "bar-current", Y));
            parts.Add(Text(x + 42, Height - Bottom + 18, $"FY{fy.Year}", "axis"));
            parts.Add(Text(x + 42, Height - Bottom + 34, fy.Wareki, "axis"));
            if (Math.Max(year.UndeterminedPlanned, year.UndeterminedCurrent) is > 0 and var open)
                parts.Add(Text(x + 42, Height - Bottom + 52, $"うち未定 {open}件", "axis-note"));
        }
        return Svg.Render(width, Height, title, "chart budget-chart", parts);
    }

    private static XElement Bar(double x, long amount, string cssClass, Func<double, double> y)
    {
        var top = y(amount);
        return E("g",
            E("rect", A("x", x), A("y", top), A("width", 40), A("height", Math.Max(y(0) - top, 0)), A("class", cssClass)),
            Text(x + 20, top - 5, Labels.Amount(amount), "bar-label"));
    }

    public static IReadOnlyList<BudgetBar> From(IEnumerable<DxEvents.Domain.Status.BudgetYearTotal> years) =>
        [.. years.Select(y => new BudgetBar(y.FiscalYear, y.Planned, y.Current, y.UndeterminedPlanned, y.UndeterminedCurrent))];

    public static IReadOnlyList<BudgetBar> From(IEnumerable<BudgetComparison> years) =>
        [.. years.Select(y => new BudgetBar(y.FiscalYear, y.Planned, y.Current, y.UndeterminedPlanned, y.UndeterminedCurrent))];
}
