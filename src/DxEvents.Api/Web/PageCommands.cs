using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Api.Commands;
using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Texts;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;

namespace DxEvents.Api.Web;

/// <summary>One stream a form changes: the form field its errors belong beside (empty: the field the rule names), the
/// version the form was shown at (null: any), and the decision — an API endpoint's own Post method, so a form decides exactly as the API does.</summary>
public sealed record FormDecision<T>(string Field, string StreamKey, long? ShownVersion, Func<IEventStream<T>, (CommandAnswer Answer, Wolverine.Marten.Events Events)> Decide)
    where T : class;

/// <summary>A form's error beside the field it names (an empty field: the form as a whole).</summary>
public sealed record FormError(string Field, Text Error);

/// <summary>What a submission came to: recorded now, recorded by an earlier submission with the same key (a double click,
/// a resend), or refused with the errors to show beside their fields (nothing recorded).</summary>
public sealed record FormResult(FormResult.Outcome Kind, int Events, IReadOnlyList<FormError> Errors, IReadOnlyList<string> Warnings)
{
    public enum Outcome { Recorded, AlreadyRecorded, Refused }

    public static FormResult Refused(IReadOnlyList<FormError> errors) => new(Outcome.Refused, 0, errors, []);

    public bool Succeeded => Kind != Outcome.Refused;
}

/// <summary>
/// The pages' writes. A form submits to its page (antiforgery, the session's role and municipality), and the page runs the
/// API endpoint's decision on the stream here, with the same Marten calls the endpoint's Wolverine-generated code makes
/// (exclusive fetch → Decide → append → metadata and idempotency record → one commit). Written here rather than sent
/// through Wolverine because the endpoints' middleware (If-Match, Idempotency-Key, the body check) reads HTTP headers
/// and a JSON body that a form post does not have.
/// Each form carries its own submission key, kept like an Idempotency-Key in the events' transaction: a double click or a
/// resend records once. The key is checked after the first stream's lock is taken, so a twin waits for the first
/// submission and then finds its key. A stream changed since the form was shown is refused, never overwritten.
/// </summary>
public sealed class PageCommands(IDocumentStore store)
{
    /// <summary>The key a form's submission is kept under, apart from the API's Idempotency-Keys.</summary>
    public static string KeyOf(string submission) => "web:" + submission;

    public async Task<FormResult> RunAsync<T>(HttpContext http, string submission, IReadOnlyList<FormDecision<T>> decisions, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(decisions);
        if (!Guid.TryParse(submission, out _))
            return FormResult.Refused([new FormError("", new FormExpired())]);
        var key = KeyOf(submission);
        await using var session = store.LightweightSession(WebAuth.TenantOf(http.User));
        var errors = new List<FormError>();
        var answers = new List<CommandAnswer>();
        // Locks in one order, so that two forms over the same streams cannot deadlock.
        foreach (var decision in decisions.OrderBy(d => d.StreamKey, StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchForExclusiveWriting<T>(decision.StreamKey, ct);
            if (answers.Count == 0 && errors.Count == 0 && await session.LoadAsync<IdempotencyRecord>(key, ct) is { } earlier)
                return new FormResult(FormResult.Outcome.AlreadyRecorded, earlier.EventIds.Count, [], []);
            if (decision.ShownVersion is { } shown && shown != (stream.CurrentVersion ?? 0))
            {
                errors.Add(new FormError(decision.Field, new ChangedSinceShown()));
                continue;
            }
            try
            {
                var (answer, events) = decision.Decide(stream);
                stream.AppendMany([.. events]);
                answers.Add(answer);
            }
            catch (DomainException e)
            {
                errors.Add(new FormError(decision.Field.Length > 0 ? decision.Field : e.Field, e.Error));
            }
        }
        if (errors.Count > 0)
            return FormResult.Refused(errors);

        var warnings = answers.SelectMany(a => a.StoredWarnings).ToList();
        Envelopes.Stamp(session, new EventMetadata(http.Actor(), answers.Select(a => a.Reason).FirstOrDefault(r => r is not null),
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier, key, warnings.Count > 0 ? warnings : null), http.TraceIdentifier);
        var appended = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
        session.Insert(new IdempotencyRecord
        {
            Key = key,
            RequestHash = Fingerprint(decisions.Select(d => d.StreamKey)),
            Answer = answers.Count > 0 ? answers[0].Shape : new AnswerShape(),
            EventIds = [.. appended.Select(e => e.Id)],
        });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        // A twin over other streams (none shared, so no lock between them) committed the key first.
        catch (DocumentAlreadyExistsException)
        {
            return new FormResult(FormResult.Outcome.AlreadyRecorded, appended.Count, [], []);
        }
        return new FormResult(FormResult.Outcome.Recorded, appended.Count, [], warnings);
    }

    /// <summary>How many events a submission recorded, or null when it has not been recorded: a page asks before it checks
    /// the form again, because a resent form may no longer pass (its quarter now has the figure it recorded).</summary>
    public async Task<int?> RecordedAsync(string tenant, string submission, CancellationToken ct)
    {
        if (!Guid.TryParse(submission, out _))
            return null;
        await using var session = store.QuerySession(tenant);
        return (await session.LoadAsync<IdempotencyRecord>(KeyOf(submission), ct))?.EventIds.Count;
    }

    /// <summary>A stream's version as a form is shown (0: no stream), sent back with the form so that a change made
    /// meanwhile is refused rather than overwritten.</summary>
    public async Task<long> VersionAsync(string tenant, string streamKey, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return (await session.Events.FetchStreamStateAsync(streamKey, ct))?.Version ?? 0;
    }

    /// <summary>A new submission key for a form as it is shown.</summary>
    public static string NewSubmission() => Guid.NewGuid().ToString("D");

    private static string Fingerprint(IEnumerable<string> streams) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', streams.Order(StringComparer.Ordinal)))));
}

public sealed record FormExpired() : Text("form-expired",
    "フォームの有効期限が切れました。ページを開き直してから、もう一度送信してください。",
    "The form has expired. Open the page again and submit once more.");

public sealed record ChangedSinceShown() : Text("form-changed-since-shown",
    "このページを開いた後に、ほかの人がこの項目を変更しました。最新の内容を確認してから、もう一度入力してください。",
    "Someone changed this after the page was opened. Check the latest content and enter it again.");
