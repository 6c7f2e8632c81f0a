namespace DxEvents.Domain.Kpis;

internal static class KpiDefinitionDecider
{
    public static KpiTargetRevised ReviseTarget(KpiState state, ReviseKpiTarget command)
    {
        Require.Reason(command.Reason);
        Require.FiscalYear(command.FiscalYear);
        if (command.FromFiscalYear is { } from)
        {
            Require.FiscalYear(from, "fromFiscalYear");
            if (from > command.FiscalYear)
            {
                throw DomainException.RuleBroken("fromFiscalYear", new TargetWindowAfterYear(from, command.FiscalYear));
            }
        }

        if (state.Kind == KpiKind.Milestone && command.Value is not null)
        {
            throw DomainException.RuleBroken("value", new MilestoneTargetHasNoValue());
        }

        if (state.Kind != KpiKind.Milestone && command.Value is null)
        {
            throw DomainException.RuleBroken("value", new TargetValueRequired());
        }

        if (command.Value is { } value)
        {
            Require.Figure(value);
        }

        var target = new KpiTarget(command.Value, command.FiscalYear, command.FromFiscalYear);
        return new KpiTargetRevised(state.PlanId, state.KpiId, state.MeasureId, target, state.Target!, command.Reason);
    }

    public static KpiBaselineRevised ReviseBaseline(KpiState state, ReviseKpiBaseline command)
    {
        Require.Reason(command.Reason);
        Require.FiscalYear(command.FiscalYear);
        if (state.Kind == KpiKind.Milestone)
        {
            throw DomainException.RuleBroken("value", new MilestoneHasNoBaseline());
        }

        Require.Figure(command.Value);
        var baseline = new KpiBaseline(command.Value, command.FiscalYear);
        return new KpiBaselineRevised(state.PlanId, state.KpiId, state.MeasureId, baseline, state.Baseline, command.Reason);
    }
}
