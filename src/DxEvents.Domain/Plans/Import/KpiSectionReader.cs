using DxEvents.Domain.Kpis;

namespace DxEvents.Domain.Plans.Import;

/// <summary>数値目標: one KPI, opening its own stream with KpiDefined.</summary>
internal static class KpiSectionReader
{
    public static StreamOpening? Read(JsonCursor kpi, ImportContext context, string measureId)
    {
        var id = kpi.Id();
        if (id is not null && !context.KpiIds.TryAdd(id, kpi.Pointer))
        {
            // KPI ids are unique across the plan: the KPI stream id does not contain the measure.
            context.Log.Error(kpi.At("id"), new DuplicateId(IdOf.Kpi, id, context.KpiIds[id]));
        }

        var name = kpi.String("name", required: true);
        var unit = kpi.String("unit", required: false);
        var kind = Choice<KpiKind>(kpi, "kind", required: true);
        var combine = Choice<KpiCombine>(kpi, "combine", required: false);
        // A milestone is done or not: it has no direction to speak of, so the field may be left out.
        var direction = Choice<KpiDirection>(kpi, "direction", required: kind != KpiKind.Milestone)
            ?? (kind == KpiKind.Milestone ? KpiDirection.Increase : null);
        var baseline = ReadBaseline(kpi);
        var target = ReadTarget(kpi, kind, context);
        var note = kpi.String("note", required: false);
        if (id is null || name is null || kind is null || direction is null || target is null || (kpi.Has("baseline") && baseline is null))
        {
            return null;
        }

        var defined = new KpiDefined(context.PlanId, id, measureId, name, unit, kind.Value, combine, direction.Value, baseline, target, note);
        return new StreamOpening(StreamIds.Kpi(context.PlanId, id), StreamIds.KpiType, [defined]);
    }

    private static KpiBaseline? ReadBaseline(JsonCursor kpi)
    {
        if (!kpi.Has("baseline") || kpi.Object("baseline") is not { } baseline)
        {
            return null;
        }

        var value = baseline.Number("value", required: true);
        var year = baseline.FiscalYear("fiscalYear");
        return value is null || year is null ? null : new KpiBaseline(value.Value, year.Value);
    }

    private static KpiTarget? ReadTarget(JsonCursor kpi, KpiKind? kind, ImportContext context)
    {
        if (kpi.Object("target") is not { } target)
        {
            return null;
        }

        decimal? value = null;
        if (kind == KpiKind.Milestone)
        {
            if (target.Has("value"))
            {
                context.Log.Error(target.At("value"), new MilestoneTargetValue());
            }
        }
        else
        {
            value = target.Number("value", required: true);
        }

        var year = target.FiscalYear("fiscalYear");
        var from = target.FiscalYear("fromFiscalYear", required: false);
        if (from > year)
        {
            context.Log.Error(target.At("fromFiscalYear"), new YearAfter("fiscalYear", year!.Value));
        }

        WarnOutsidePeriod(target, "fromFiscalYear", from, context);
        WarnOutsidePeriod(target, "fiscalYear", year, context);
        return year is null || (kind != KpiKind.Milestone && value is null) ? null : new KpiTarget(value, year.Value, from);
    }

    // Real plans set targets beyond their own period (Mima k03: FY2026 in an FY2023–2025 plan).
    private static void WarnOutsidePeriod(JsonCursor target, string field, int? year, ImportContext context)
    {
        if (year is { } y && context.OutsidePeriod(y) is { } warning)
        {
            context.Log.Warn(target.At(field), warning);
        }
    }

    private static TEnum? Choice<TEnum>(JsonCursor kpi, string field, bool required)
        where TEnum : struct, Enum
    {
        var text = kpi.String(field, required);
        if (text is null)
        {
            return null;
        }

        // Only the lowercase spellings of docs/plan-document.md; Enum.TryParse alone would also take "Level" or "2".
        var match = Enum.GetValues<TEnum>().Where(v => v.ToString().ToLowerInvariant() == text).ToList();
        if (match.Count == 0)
        {
            kpi.Log.Error(kpi.At(field), new UnknownChoice(field, text, [.. Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())]));
            return null;
        }

        return match[0];
    }
}
