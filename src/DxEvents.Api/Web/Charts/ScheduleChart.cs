using System.Xml.Linq;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Html;
using static DxEvents.Api.Web.Charts.Svg;

namespace DxEvents.Api.Web.Charts;

/// <summary>Where a schedule item stood at the date its measure was judged at.</summary>
public enum ScheduleState
{
    Done,
    Late,
    Under,
    Future,
}

/// <summary>One schedule item as the measure page shows it: its state by the status rule's date (late as the report judged it).</summary>
public sealed record ScheduleRow(ScheduleItemView Item, ScheduleState State)
{
    /// <summary>Late comes from the report (the rule decides it, never the page); done is a completion on or before the date.</summary>
    public static IReadOnlyList<ScheduleRow> Of(MeasureView measure, MeasureStatus status, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(status);
        return [.. measure.Schedule.Select(i => new ScheduleRow(i,
            i.CompletedOn is { } on && on <= date ? ScheduleState.Done
            : status.Schedule.LateItemIds.Contains(i.ItemId) ? ScheduleState.Late
            : new FiscalYear(i.FromFiscalYear).Start <= date ? ScheduleState.Under
            : ScheduleState.Future))];
    }

    public string Word => State switch
    {
        ScheduleState.Done => "完了",
        ScheduleState.Late => "遅れ",
        ScheduleState.Under => "実施中",
        _ => "予定",
    };

    /// <summary>A mark beside the word, so that a state is never told by colour alone.</summary>
    public string Symbol => State switch
    {
        ScheduleState.Done => "✓",
        ScheduleState.Late => "！",
        ScheduleState.Under => "▶",
        _ => "・",
    };
}

/// <summary>
/// A measure's schedule (工程表) over the plan's fiscal years: one row per item, its bar across the fiscal years it runs
/// (an open-ended item runs to the chart's end, its end faded), a done item marked on the day it was completed with that date,
/// a late item flagged in words, and the date the report was judged at drawn across every row.
/// </summary>
public static class ScheduleChart
{
    private const double Width = 760, Label = 230, Right = 16, Top = 62, Row = 46, Bottom = 36;

    // The table under the chart names each item in full; the chart's column fits about this many characters.
    private const int MaxTitle = 15;

    public static IHtmlContent Render(string measureTitle, IReadOnlyList<ScheduleRow> rows, PlanView plan, DateOnly date, bool final)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(plan);
        var first = rows.Select(r => r.Item.FromFiscalYear).Append(plan.FromFiscalYear).Min();
        var last = rows.Select(r => r.Item.ToFiscalYear ?? plan.ToFiscalYear).Append(plan.ToFiscalYear)
            .Concat(rows.Where(r => r.Item.CompletedOn is not null).Select(r => FiscalYear.Of(r.Item.CompletedOn!.Value).Year)).Max();
        var start = new FiscalYear(first).Start;
        var end = new FiscalYear(last).End;
        var height = Top + (Math.Max(rows.Count, 1) * Row) + Bottom;
        double X(DateOnly d) => Label + ((Math.Clamp(d.DayNumber, start.DayNumber, end.DayNumber + 1) - start.DayNumber)
            / (double)(end.DayNumber + 1 - start.DayNumber) * (Width - Label - Right));

        var parts = new List<XElement>();
        var legend = new List<XElement>();
        Legend(legend);
        parts.Add(E("g", A("class", "legend-items"), legend));
        var items = new List<XElement>();
        for (var y = new FiscalYear(first); y.Year <= last; y = y.Next)
        {
            parts.Add(Line(X(y.Start), Top - 6, X(y.Start), height - Bottom, "grid"));
            var mid = (X(y.Start) + X(y.End.AddDays(1))) / 2;
            parts.Add(Text(mid, Top - 26, $"FY{y.Year}", "axis"));
            parts.Add(Text(mid, Top - 12, y.Wareki, "axis"));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var (item, state) = (rows[i].Item, rows[i].State);
            var top = Top + (i * Row);
            var title = item.Title.Length > MaxTitle ? item.Title[..MaxTitle] + "…" : item.Title;
            items.Add(Text(Label - 8, top + 16, title, "row-label", "end"));
            items.Add(Text(Label - 8, top + 31, $"{rows[i].Symbol} {rows[i].Word}", $"row-state st-{state.ToString().ToLowerInvariant()}", "end"));
            var x1 = X(new FiscalYear(item.FromFiscalYear).Start);
            var x2 = item.ToFiscalYear is { } to ? X(new FiscalYear(to).End.AddDays(1)) : Width - Right;
            var bar = E("rect", A("x", x1 + 1), A("y", top + 6), A("width", Math.Max(x2 - x1 - 2, 2)), A("height", 18), A("rx", 3),
                A("class", $"sched-bar sched-{state.ToString().ToLowerInvariant()}{(item.ToFiscalYear is null ? " open-ended" : "")}"));
            bar.Add(E("title", $"{item.Title}：{DxEvents.Domain.Reports.Labels.Span(item.FromFiscalYear, item.ToFiscalYear ?? item.FromFiscalYear)}{(item.ToFiscalYear is null ? "〜" : "")}　{rows[i].Word}"));
            items.Add(bar);
            if (item.CompletedOn is { } on && on <= date)
            {
                var x = X(on);
                items.Add(E("path", A("d", $"M{N(x)},{N(top + 8)} L{N(x + 7)},{N(top + 15)} L{N(x)},{N(top + 22)} L{N(x - 7)},{N(top + 15)} Z"), A("class", "pt-done")));
                var anchor = x > Width - 120 ? "end" : "start";
                items.Add(Text(anchor == "end" ? x - 10 : x + 10, top + 40, $"完了 {Ja.Date(on)}", "done-label", anchor));
            }
            else if (state == ScheduleState.Late)
            {
                items.Add(Text(x1 + 4, top + 40, "遅れ：期限を過ぎて未完了", "late-label", "start"));
            }
        }
        parts.Add(E("g", A("class", "rows"), items));

        var today = X(date);
        parts.Add(Line(today, Top - 6, today, height - Bottom + 4, "today-line"));
        parts.Add(Text(today, height - Bottom + 20, final ? $"最終評価の時点（{Ja.Date(date)}）" : $"判定基準日（{Ja.Date(date)}）", "axis-note",
            today > Width - 120 ? "end" : today < Label + 120 ? "start" : "middle"));
        return Svg.Render(Width, height, $"{measureTitle}の工程表（年度ごとの工程と完了日）", "chart schedule-chart", parts);
    }

    private static void Legend(List<XElement> parts)
    {
        var x = Label;
        void Item(XElement mark, string label, double width)
        {
            parts.Add(mark);
            parts.Add(Text(x + 18, 16, label, "legend", "start"));
            x += width;
        }
        Item(E("rect", A("x", x), A("y", 6), A("width", 14), A("height", 12), A("class", "sched-bar sched-done")), "完了", 64);
        Item(E("rect", A("x", x), A("y", 6), A("width", 14), A("height", 12), A("class", "sched-bar sched-late")), "遅れ", 64);
        Item(E("rect", A("x", x), A("y", 6), A("width", 14), A("height", 12), A("class", "sched-bar sched-under")), "実施中", 78);
        Item(E("rect", A("x", x), A("y", 6), A("width", 14), A("height", 12), A("class", "sched-bar sched-future")), "予定", 64);
        Item(E("path", A("d", $"M{N(x + 7)},5 L{N(x + 14)},12 L{N(x + 7)},19 L{N(x)},12 Z"), A("class", "pt-done")), "完了日", 80);
    }
}
