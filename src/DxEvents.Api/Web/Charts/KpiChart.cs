using System.Xml.Linq;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Html;
using static DxEvents.Api.Web.Charts.Svg;

namespace DxEvents.Api.Web.Charts;

/// <summary>
/// A KPI's quarterly figures against its plan: the line from the baseline (現状値; 0 without one, and for a window sum the
/// window's start) to the target (目標値) over the span the status rule measures, the expected value at the reporting date
/// (the share of that span elapsed), and the figures at each quarter's end. A window sum shows each quarter as a bar and
/// the running total it is judged on as the line. A corrected figure is a diamond, with what was first recorded as a
/// hollow circle joined to it.
/// </summary>
public static class KpiChart
{
    private const double Width = 760, Height = 330, Left = 70, Right = 20, Top = 44, Bottom = 60;

    public static IHtmlContent Render(KpiView kpi, KpiStatusLine line, PlanView plan, DateOnly reportingDate)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(plan);
        var sum = line.Combine == KpiCombine.Sum;
        var target = (double)(kpi.Target.Value ?? 1m);
        var baseline = sum || kpi.Kind == KpiKind.Milestone ? 0 : (double)(kpi.Baseline?.Value ?? 0m);
        var from = line.ExpectedFrom ?? (line.Window is { } w ? new FiscalYear(w.FromFiscalYear).Start : new FiscalYear(plan.FromFiscalYear).Start);
        var to = line.ExpectedTo ?? new FiscalYear(kpi.Target.FiscalYear).End;
        var figures = kpi.Figures.OrderBy(f => f.FiscalYear * 4 + f.Quarter).ToList();

        var first = new[] { from, new FiscalYear(plan.FromFiscalYear).Start }
            .Concat(figures.Select(f => new FiscalQuarter(f.FiscalYear, f.Quarter).Start)).Min();
        var last = new[] { to, new FiscalYear(plan.ToFiscalYear).End, reportingDate }
            .Concat(figures.Select(f => new FiscalQuarter(f.FiscalYear, f.Quarter).End)).Max();
        var start = FiscalYear.Of(first).Start;
        var end = FiscalYear.Of(last).End;
        double X(DateOnly d) => Left + ((d.DayNumber - start.DayNumber) / (double)(end.DayNumber - start.DayNumber) * (Width - Left - Right));

        var running = Running(figures, line, sum);
        var values = figures.SelectMany(f => new[] { (double)f.Value, (double)f.RecordedValue }).Concat(running.Select(r => r.Value))
            .Append(target).Append(baseline);
        var (max, step) = Scale(values.Max() * 1.05);
        var plot = Height - Top - Bottom;
        double Y(double v) => Top + plot - (Math.Max(v, 0) / max * plot);

        var parts = new List<XElement>();
        var legend = new List<XElement>();
        Legend(legend, sum);
        parts.Add(E("g", A("class", "legend-items"), legend));
        for (var v = 0.0; v <= max + (step / 2); v += step)
        {
            parts.Add(Line(Left, Y(v), Width - Right, Y(v), v == 0 ? "axis-line" : "grid"));
            parts.Add(Text(Left - 8, Y(v) + 4, Labels.Number((decimal)v, true), "axis", "end"));
        }
        parts.Add(Text(Left - 8, Top - 10, kpi.Unit ?? "", "axis", "end"));
        for (var y = FiscalYear.Of(start); y.Start <= end; y = y.Next)
        {
            parts.Add(Line(X(y.Start), Top, X(y.Start), Height - Bottom, "grid"));
            var mid = (X(y.Start) + X(y.End)) / 2;
            parts.Add(Text(mid, Height - Bottom + 18, $"FY{y.Year}", "axis"));
            parts.Add(Text(mid, Height - Bottom + 34, y.Wareki, "axis"));
        }

        // The plan line and the target.
        parts.Add(Line(Left, Y(target), Width - Right, Y(target), "target-line"));
        parts.Add(Text(Width - Right - 4, Y(target) - 6, $"目標 {Labels.Number((decimal)target, true)}{kpi.Unit}", "target-label", "end"));
        parts.Add(Line(X(from), Y(baseline), X(to), Y(target), "plan-line"));
        parts.Add(E("circle", A("cx", X(from)), A("cy", Y(baseline)), A("r", 4), A("class", "pt-baseline")));

        // The reporting date and the value expected by then.
        var today = X(reportingDate < start ? start : reportingDate > end ? end : reportingDate);
        parts.Add(Line(today, Top, today, Height - Bottom, "today-line"));
        parts.Add(Text(today, Height - Bottom + 52, "判定基準日", "axis-note"));
        if (line.Expected is { } e)
        {
            var expected = baseline + ((double)e * (target - baseline));
            parts.Add(E("rect", A("x", today - 6), A("y", Y(expected) - 6), A("width", 12), A("height", 12), A("class", "pt-expected")));
        }

        // The figures.
        var series = new List<XElement>();
        var quarterWidth = (Width - Left - Right) / ((end.DayNumber - start.DayNumber) / 91.3);
        foreach (var f in figures.Where(_ => sum))
        {
            var q = new FiscalQuarter(f.FiscalYear, f.Quarter);
            var bar = Math.Min(quarterWidth * 0.6, 18);
            series.Add(E("rect", A("x", X(q.End) - bar / 2), A("y", Y((double)f.Value)), A("width", bar), A("height", Y(0) - Y((double)f.Value)),
                A("class", f.Corrections.Count > 0 ? "bar-figure corrected" : "bar-figure")));
        }
        if (running.Count > 1)
            series.Add(E("polyline", A("points", string.Join(" ", running.Select(r => $"{N(X(r.At))},{N(Y(r.Value))}"))), A("class", "figure-line")));
        foreach (var (at, value, figure) in running)
            series.Add(Point(X(at), Y(value), figure, sum ? null : Y((double)figure.RecordedValue)));
        parts.Add(E("g", A("class", "series"), series));
        return Svg.Render(Width, Height, $"{kpi.Name}の四半期実績と計画線のグラフ", "chart kpi-chart", parts);
    }

    /// <summary>The line's points: each figure at its quarter's end, or for a window sum the running total inside the window.</summary>
    private static List<(DateOnly At, double Value, QuarterFigureView Figure)> Running(List<QuarterFigureView> figures, KpiStatusLine line, bool sum)
    {
        if (!sum)
            return [.. figures.Select(f => (new FiscalQuarter(f.FiscalYear, f.Quarter).End, (double)f.Value, f))];
        var window = line.Window ?? new FiscalYearSpan(line.Target.FromFiscalYear ?? line.Target.FiscalYear, line.Target.FiscalYear, "");
        var total = 0.0;
        var points = new List<(DateOnly, double, QuarterFigureView)>();
        foreach (var f in figures.Where(f => f.FiscalYear >= window.FromFiscalYear && f.FiscalYear <= window.ToFiscalYear))
            points.Add((new FiscalQuarter(f.FiscalYear, f.Quarter).End, total += (double)f.Value, f));
        return points;
    }

    private static XElement Point(double x, double y, QuarterFigureView figure, double? recordedY)
    {
        if (figure.Corrections.Count == 0)
            return E("circle", A("cx", x), A("cy", y), A("r", 4.5), A("class", "pt-figure"));
        var group = E("g", A("class", "corrected"));
        if (recordedY is { } ry && Math.Abs(ry - y) > 0.5)
        {
            group.Add(Line(x, ry, x, y, "correction-link"));
            group.Add(E("circle", A("cx", x), A("cy", ry), A("r", 4.5), A("class", "pt-original")));
        }
        group.Add(E("path", A("d", $"M{N(x)},{N(y - 7)} L{N(x + 7)},{N(y)} L{N(x)},{N(y + 7)} L{N(x - 7)},{N(y)} Z"), A("class", "pt-corrected")));
        group.Add(Text(x + 9, y - 8, "訂正", "corrected-label", "start"));
        return group;
    }

    private static void Legend(List<XElement> parts, bool sum)
    {
        var x = Left;
        void Item(XElement mark, string label, double width)
        {
            parts.Add(mark);
            parts.Add(Text(x + 16, 20, label, "legend", "start"));
            x += width;
        }
        Item(Line(x, 16, x + 12, 16, "plan-line"), "計画線（現状値→目標値）", 180);
        Item(E("rect", A("x", x), A("y", 10), A("width", 12), A("height", 12), A("class", "pt-expected")), "判定基準日の期待値", 140);
        Item(E("circle", A("cx", x + 6), A("cy", 16), A("r", 4.5), A("class", "pt-figure")), sum ? "累計（判定に使う値）" : "実績値", sum ? 150 : 80);
        Item(E("path", A("d", $"M{N(x + 6)},9 L{N(x + 13)},16 L{N(x + 6)},23 L{N(x - 1)},16 Z"), A("class", "pt-corrected")), "訂正あり", 80);
        if (!sum)
            Item(E("circle", A("cx", x + 6), A("cy", 16), A("r", 4.5), A("class", "pt-original")), "訂正前", 70);
        else
            Item(E("rect", A("x", x), A("y", 10), A("width", 12), A("height", 12), A("class", "bar-figure")), "各四半期の値", 100);
    }
}
