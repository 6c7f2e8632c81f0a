using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain.Measures;
using JasperFx.Events;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;


namespace DxEvents.Api.Measures;

/// <param name="On">The day it happened (yyyy-MM-dd), not after today.</param>
/// <param name="Reason">Why (required by the rule for suspend, resume, complete and cancel; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MeasureChangeRequest(DateOnly On, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>The decision every command on a measure's stream makes: the pure Decide on the stream's state.</summary>
public static class MeasureChange
{
    public static (CommandAnswer, Wolverine.Marten.Events) Decide(
        IEventStream<MeasureStream> stream, MeasureCommand command, string? reason, TimeProvider clock, IReadOnlyList<FieldText>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(clock);
        return (CommandAnswer.Of(stream, reason, warnings),
            [.. MeasureDecider.Decide(MeasureStream.StateOf(stream.Aggregate), command, clock.GetUtcNow())]);
    }
}
