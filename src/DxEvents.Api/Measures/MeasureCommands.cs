using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Measures;

namespace DxEvents.Api.Measures;

/// <summary>Measure lifecycle (start, suspend, resume, complete, cancel) and schedule items: recorder or office.</summary>
public static class MeasureCommands
{
    public static void Map(RouteGroupBuilder api)
    {
        var measures = api.MapGroup("/plans/{planId}/measures/{measureId}").WithTags("Measures").RequireAuthorization(Policies.Record);
        Endpoint(measures.MapPost("/start", (string tenant, string planId, string measureId, HttpContext http, CommandWorkflow workflow) =>
            Lifecycle(http, workflow, tenant, planId, measureId, "StartMeasure", reasonRequired: false,
                (on, text) => new StartMeasure(on, text))), "StartMeasure", "Start a measure (MeasureStarted)");
        Endpoint(measures.MapPost("/suspend", (string tenant, string planId, string measureId, HttpContext http, CommandWorkflow workflow) =>
            Lifecycle(http, workflow, tenant, planId, measureId, "SuspendMeasure", reasonRequired: true,
                (on, text) => new SuspendMeasure(on, text!))), "SuspendMeasure", "Suspend a started measure");
        Endpoint(measures.MapPost("/resume", (string tenant, string planId, string measureId, HttpContext http, CommandWorkflow workflow) =>
            Lifecycle(http, workflow, tenant, planId, measureId, "ResumeMeasure", reasonRequired: true,
                (on, text) => new ResumeMeasure(on, text!))), "ResumeMeasure", "Resume a suspended measure");
        Endpoint(measures.MapPost("/complete", (string tenant, string planId, string measureId, HttpContext http, CommandWorkflow workflow) =>
            Lifecycle(http, workflow, tenant, planId, measureId, "CompleteMeasure", reasonRequired: true,
                (on, text) => new CompleteMeasure(on, text!))), "CompleteMeasure", "Complete a measure");
        Endpoint(measures.MapPost("/cancel", (string tenant, string planId, string measureId, HttpContext http, CommandWorkflow workflow) =>
            Lifecycle(http, workflow, tenant, planId, measureId, "CancelMeasure", reasonRequired: true,
                (on, text) => new CancelMeasure(on, text!))), "CancelMeasure", "Cancel a measure");
        Endpoint(measures.MapPost("/schedule/{itemId}/complete", CompleteScheduleItem), "CompleteScheduleItem", "Mark a schedule item done");
    }

    private static void Endpoint(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary)
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422);

    private static async Task<IResult> Lifecycle(
        HttpContext http, CommandWorkflow workflow, string tenant, string planId, string measureId, string name, bool reasonRequired,
        Func<DateOnly, string?, MeasureCommand> command)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var on = body.Date("on");
        var text = reasonRequired ? body.String("reason") : body.String("note");
        body.Validate();
        return await Execute(http, workflow, tenant, planId, measureId, body, name, command(on!.Value, text), reasonRequired ? text : null);
    }

    private static async Task<IResult> CompleteScheduleItem(string tenant, string planId, string measureId, string itemId, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var on = body.Date("on");
        var note = body.String("note");
        body.Validate();
        return await Execute(http, workflow, tenant, planId, measureId, body, "CompleteScheduleItem", new CompleteScheduleItem(itemId, on!.Value, note), null);
    }

    public static Task<IResult> Execute(
        HttpContext http, CommandWorkflow workflow, string tenant, string planId, string measureId, RequestBody body, string name,
        MeasureCommand command, string? reason, IReadOnlyList<FieldProblem>? warnings = null) =>
        workflow.Execute<MeasureStream>(http, tenant, body, name, StreamIds.Measure(planId, measureId),
            (stream, now) => MeasureDecider.Decide(MeasureStream.StateOf(stream), command, now), reason, warnings);
}
