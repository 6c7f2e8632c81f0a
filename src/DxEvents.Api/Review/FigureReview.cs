using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using DxEvents.Api.Auth;
using DxEvents.Api.Commands;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Access;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace DxEvents.Api.Review;

/// <summary>What a figure's command was decided under: a type of its own, so that Wolverine hands the loaded value to Post.</summary>
public sealed record FigureReviewInForce(bool On);

/// <param name="On">true: figures recorded or corrected from now on count once the office confirms them; false: as recorded.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SetFigureReviewRequest(bool On);

/// <summary>POST /api/{tenant}/figure-review: the office turns its review of figures on or off (an event in the access history).</summary>
public static class SetFigureReviewEndpoint
{
    public static string StreamKey() => StreamIds.Access;

    [WolverinePost("/api/{tenant}/figure-review", OperationId = "SetFigureReview")]
    [Authorize(Policy = Policies.Office), Tags("Review"), EndpointSummary("Turn the office's review of figures on or off (FigureReviewTurnedOn/Off); 409 if it is already so")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(SetFigureReviewRequest request, [WriteStream(nameof(StreamKey))] IEventStream<AccessStream> stream)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = Decide(AccessStream.StateOf(stream.Aggregate), request.On);
        return (CommandAnswer.Of(stream), [e]);
    }

    internal static IAccessEvent Decide(AccessState state, bool on) =>
        on ? AccessDecider.TurnFigureReviewOn(state) : AccessDecider.TurnFigureReviewOff(state);
}

/// <summary>The setting for the pages: read, and turned on or off through the access history like every other access change.</summary>
public sealed class FigureReviews(IDocumentStore store)
{
    public async Task<FigureReviewInForce> InForceAsync(string tenantId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(Tenancy.Require(tenantId));
        return await FigureReviewSetting.ReadAsync(session, ct);
    }

    public Task TurnAsync(string tenantId, bool on, string actor, CancellationToken ct = default) =>
        AccessHistory.WriteAsync(store, tenantId, actor, (session, state) =>
        {
            var e = SetFigureReviewEndpoint.Decide(state, on);
            return Task.FromResult<IReadOnlyList<IAccessEvent>>([e]);
        }, ct);
}
