using System.Globalization;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Access;
using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Input;
using DxEvents.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxEvents.Api.Deadlines;

/// <summary>A change of the quarter's deadline, with who set it and when.</summary>
public sealed record DeadlineChange(DateOnly Due, DateOnly? Previous, string? Reason, string Actor, DateTimeOffset At);

/// <summary>Who owes a quarter's figures and where a reminder reaches them. Kind "department": a 担当課, its address from the
/// deployment's configuration; kind "recorder": a person granted the recorder role, whose grant covers every department.
/// Address null: no reminder reaches them (shown on the page and logged by the reminder job).</summary>
public sealed record Owner(string Kind, string Name, string? Department, string? Address);

/// <summary>A reminder as its stream has it: sent (claimed), or failed and free to be sent again.</summary>
public sealed record ReminderRecord(ReminderKind Kind, string To, IReadOnlyList<string> KpiIds, bool Failed, string? Error, DateTimeOffset At);

/// <summary>GET …/submissions: the quarter's 提出状況, the deadline's history, the owners with their addresses, the reminders.</summary>
/// <param name="RemindersOn">Whether this deployment sends reminders (a mail server is configured).</param>
public sealed record SubmissionsAnswer(SubmissionReport Submissions, IReadOnlyList<DeadlineChange> DeadlineHistory, IReadOnlyList<Owner> Owners,
    bool RemindersOn, int DaysBefore, int OverdueDays, IReadOnlyList<ReminderRecord> Reminders);

/// <summary>
/// The one read of what is due, from whom: the API, the 提出状況 page and the reminder job all ask it, so that the page shows
/// exactly what the reminders act on.
/// </summary>
public sealed class SubmissionReads(IDocumentStore store, PlanViews views, PeopleAccess people, EventReads events, ReminderSettings settings, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId}/submissions", Get).WithName("GetSubmissions").WithTags("Deadlines")
            .WithSummary("提出状況: a quarter's figures due by department and measure (due, in, late), its deadline, owners and reminders "
                + "(fiscalYear and quarter: by default the last closed quarter within the plan)")
            .ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(Policies.Office);
    }

    private static async Task<Results<Ok<SubmissionsAnswer>, ProblemHttpResult>> Get(
        string tenant, string planId, string? fiscalYear, string? quarter, SubmissionReads reads, CancellationToken ct)
    {
        var chosen = ParseQuarter(fiscalYear, quarter);
        return await reads.GetAsync(tenant, planId, chosen, ct) is { } answer ? TypedResults.Ok(answer) : PlanReads.NotFound(planId);
    }

    /// <summary>Both or neither: a quarter is a fiscal year and its number.</summary>
    public static FiscalQuarter? ParseQuarter(string? fiscalYear, string? quarter)
    {
        if (fiscalYear is null && quarter is null)
            return null;
        var problems = new List<FieldText>();
        int Number(string? text, string field, int min, int max)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
                return n;
            problems.Add(new FieldText("/" + field, new QueryNumberOutOfRange(field, min, max)));
            return 0;
        }
        var year = Number(fiscalYear, "fiscalYear", Bounds.MinFiscalYear, Bounds.MaxFiscalYear);
        var number = Number(quarter, "quarter", 1, 4);
        return problems.Count > 0 ? throw new BadRequestException(400, "Invalid query", problems) : new FiscalQuarter(year, number);
    }

    /// <summary>The quarter's answer, or null when the plan does not exist. A quarter outside the plan's years answers with
    /// the plan's nearest quarter's bounds named as a problem.</summary>
    public async Task<SubmissionsAnswer?> GetAsync(string tenant, string planId, FiscalQuarter? chosen, CancellationToken ct)
    {
        var view = await views.GetAsync(tenant, planId, ct);
        if (view is null)
            return null;
        var today = JapanDate.Of(clock.GetUtcNow());
        var quarter = chosen ?? Submissions.DefaultQuarter(view, today);
        if (quarter.Year.Year < view.FromFiscalYear || quarter.Year.Year > view.ToFiscalYear)
            throw new BadRequestException(400, "Invalid query",
                [new FieldText("/fiscalYear", new QuarterOutsidePlan(quarter, view.FromFiscalYear, view.ToFiscalYear))]);

        var planEvents = await events.ReadStreamAsync(tenant, StreamIds.Plan(planId), ct: ct);
        var history = planEvents
            .Where(e => e.Data is FiguresDeadlineSet d && d.FiscalYear == quarter.Year.Year && d.Quarter == quarter.Number)
            .Select(e => (Set: (FiguresDeadlineSet)e.Data, e))
            .Select(x => new DeadlineChange(x.Set.Due, x.Set.Previous, x.Set.Reason, x.e.UserName ?? "", x.e.Timestamp))
            .ToList();
        var report = Submissions.Build(view, quarter, history.Count > 0 ? history[^1].Due : null, today);
        var owners = await OwnersAsync(tenant, report, ct);

        var reminders = new List<ReminderRecord>();
        await foreach (var e in events.ReadAsync(tenant, new EventFilter { StreamPrefix = $"{StreamIds.ReminderType}/{planId}/{quarter.Year.Year}-q{quarter.Number}" }, ct))
        {
            reminders.Add(e.Data switch
            {
                ReminderSent s => new ReminderRecord(s.Kind, s.To, s.KpiIds, false, null, e.Timestamp),
                ReminderFailed f => new ReminderRecord(f.Kind, f.To, [], true, f.Error, e.Timestamp),
                _ => throw new InvalidOperationException($"A reminder's stream holds {e.EventTypeName}."),
            });
        }
        return new SubmissionsAnswer(report, history, owners, settings.On, settings.DaysBefore, settings.OverdueDays, reminders);
    }

    /// <summary>The departments the quarter owes figures from, then every person granted the recorder role.</summary>
    public async Task<IReadOnlyList<Owner>> OwnersAsync(string tenant, SubmissionReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var recorders = (await people.ListAsync(tenant, ct)).Where(p => p.Role == AccessRoles.Recorder);
        return [
            .. report.Departments.Select(d => new Owner("department", d.Department ?? "担当課未設定", d.Department, settings.DepartmentAddress(tenant, d.Department))),
            .. recorders.Select(p => new Owner("recorder", p.DisplayName, null, p.Email)),
        ];
    }

    /// <summary>The owners a reminder reaches.</summary>
    public static IReadOnlyList<Recipient> Recipients(IEnumerable<Owner> owners) =>
        [.. owners.Where(o => o.Address is not null).Select(o => new Recipient(o.Address!, o.Name, o.Department))];

    /// <summary>The plan state the deadlines are decided on: quarters with a deadline.</summary>
    public async Task<PlanState> PlanStateAsync(string tenant, string planId, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return PlanStream.StateOf(await session.Events.AggregateStreamAsync<PlanStream>(StreamIds.Plan(planId), token: ct));
    }
}
