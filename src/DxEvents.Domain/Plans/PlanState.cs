using System.Collections.Immutable;
using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans;

/// <summary>What Decide needs about a plan's own stream.</summary>
public sealed record PlanState(bool Exists, string PlanId, Tolerances Tolerances, ImmutableList<string> PillarIds)
{
    public int FromFiscalYear { get; init; }

    public int ToFiscalYear { get; init; }

    /// <summary>提出期限 in force per quarter.</summary>
    public ImmutableDictionary<FiscalQuarter, DateOnly> Deadlines { get; init; } = ImmutableDictionary<FiscalQuarter, DateOnly>.Empty;

    public static PlanState Initial { get; } = new(false, "", Tolerances.Default, []);

    public static PlanState From(IEnumerable<IDomainEvent> events) => events.Aggregate(Initial, Evolve);

    public static PlanState Evolve(PlanState state, IDomainEvent domainEvent) => domainEvent switch
    {
        PlanAdopted e => state with { Exists = true, PlanId = e.PlanId, Tolerances = e.Tolerances, FromFiscalYear = e.FromFiscalYear, ToFiscalYear = e.ToFiscalYear },
        PlanRevised e => state with { FromFiscalYear = e.FromFiscalYear, ToFiscalYear = e.ToFiscalYear },
        FiguresDeadlineSet e => state with { Deadlines = state.Deadlines.SetItem(new FiscalQuarter(e.FiscalYear, e.Quarter), e.Due) },
        PillarAdded e => state with { PillarIds = state.PillarIds.Add(e.PillarId) },
        ToleranceRevised e => state with { Tolerances = e.Tolerances },
        _ => state,
    };
}

public abstract record PlanCommand;

/// <summary>Sets how far progress may trail expectation: 0 ≤ OnTrack ≤ AtRisk ≤ 1.</summary>
public sealed record ReviseTolerances(decimal OnTrack, decimal AtRisk, string Reason) : PlanCommand;

public static class PlanDecider
{
    public static IReadOnlyList<IDomainEvent> Decide(PlanState state, PlanCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists)
        {
            throw DomainException.NotFound("planId", new PlanNotFound());
        }

        return command switch
        {
            ReviseTolerances c => [Revise(state, c)],
            SetFiguresDeadline c => [DeadlineDecider.Set(state, c)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command?.GetType().Name, "Not a plan command."),
        };
    }

    private static ToleranceRevised Revise(PlanState state, ReviseTolerances command)
    {
        Require.Reason(command.Reason);
        if (command.OnTrack is < 0m or > 1m)
        {
            throw DomainException.RuleBroken("onTrack", new OnTrackOutOfRange());
        }

        if (command.AtRisk < command.OnTrack || command.AtRisk > 1m)
        {
            throw DomainException.RuleBroken("atRisk", new AtRiskOutOfRange());
        }

        foreach (var (field, value) in new[] { ("onTrack", command.OnTrack), ("atRisk", command.AtRisk) })
        {
            if (Input.Bounds.Decimals(value) > Input.Bounds.ToleranceDecimals)
            {
                throw DomainException.RuleBroken(field, new FigureTooPrecise(field, Input.Bounds.ToleranceDecimals));
            }
        }

        return new ToleranceRevised(state.PlanId, new Tolerances(command.OnTrack, command.AtRisk), state.Tolerances, command.Reason);
    }
}
