using DxEvents.Domain.Measures;

namespace DxEvents.Domain.Plans.Import;

/// <summary>One measure: its own stream (registration, budget years, schedule) and one stream per KPI.</summary>
internal static class MeasureSectionReader
{
    public static ((string? Id, string Pointer) Measure, IReadOnlyList<StreamOpening> Streams) Read(JsonCursor measure, ImportContext context)
    {
        var id = measure.Id();
        var pillar = measure.String("pillar", required: true);
        if (pillar is not null && context.PillarIds is { } known && !known.Contains(pillar))
        {
            context.Log.Error(measure.At("pillar"), new UnknownPillar(pillar));
        }

        var title = measure.String("title", required: true);
        var summary = measure.String("summary", required: false);
        var department = measure.String("department", required: false);
        var measureId = id ?? "";
        var budget = BudgetSectionReader.Read(measure, context, measureId);
        var schedule = ReadSchedule(measure, context, measureId);
        var kpis = (measure.Objects("kpis", required: false) ?? [])
            .Select(kpi => KpiSectionReader.Read(kpi, context, measureId))
            .OfType<StreamOpening>()
            .ToList();

        var registered = new MeasureRegistered(context.PlanId, measureId, pillar ?? "", title ?? "", summary, department);
        var stream = new StreamOpening(
            StreamIds.Measure(context.PlanId, measureId), StreamIds.MeasureType, [registered, .. budget, .. schedule]);
        return ((id, measure.Pointer), [stream, .. kpis]);
    }

    private static List<ScheduleItemPlanned> ReadSchedule(JsonCursor measure, ImportContext context, string measureId)
    {
        var items = measure.Objects("schedule", required: false) ?? [];
        var read = items.Select(item =>
        {
            var from = item.FiscalYear("fromFiscalYear");
            // An open-ended step ("システム稼働 FY2023–") has no end year.
            var to = item.FiscalYear("toFiscalYear", required: false);
            if (from > to)
            {
                context.Log.Error(item.At("fromFiscalYear"), new YearAfter("toFiscalYear", to!.Value));
            }

            return (Id: item.Id(), Title: item.String("title", required: true), From: from, To: to, item.Pointer);
        }).ToList();
        PlanDocumentReader.UniqueIds(read.Select(i => (i.Id, i.Pointer)), IdOf.ScheduleItem, context.Log);
        return read
            .Where(i => i.Id is not null && i.Title is not null && i.From is not null)
            .Select(i => new ScheduleItemPlanned(context.PlanId, measureId, i.Id!, i.Title!, i.From!.Value, i.To))
            .ToList();
    }
}
