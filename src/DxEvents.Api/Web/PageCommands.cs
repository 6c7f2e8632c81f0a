using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Api.Commands;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
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
        if (Unfit(submission, http) is { } unfit)
            return unfit;
        var key = KeyOf(submission);
        await using var session = store.LightweightSession(WebAuth.TenantOf(http.User));
        var errors = new List<FormError>();
        var answers = new List<CommandAnswer>();
        // Locks in one order, so that two forms over the same streams cannot deadlock.
        foreach (var decision in decisions.OrderBy(d => d.StreamKey, StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchForExclusiveWriting<T>(decision.StreamKey, ct);
            if (answers.Count == 0 && errors.Count == 0 && await session.LoadAsync<IdempotencyRecord>(key, ct) is { } earlier)
                return Earlier(http, earlier);
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
        var appended = Remember(http, session, key, answers, warnings);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        // A twin over other streams (none shared, so no lock between them) committed the key first.
        catch (DocumentAlreadyExistsException)
        {
            return new FormResult(FormResult.Outcome.AlreadyRecorded, appended, [], []);
        }
        return new FormResult(FormResult.Outcome.Recorded, appended, [], warnings);
    }

    /// <summary>
    /// A form that starts streams rather than changing one (the plan import): <paramref name="start"/> is the API endpoint's
    /// own method, given the session to start them in; its refusals (domain rules, a document's errors by JSON pointer, a
    /// plan that exists) come back beside the fields they name. There is no stream to lock, so a twin with the same key can
    /// pass the key check too: the commit then fails on the streams it started or on the key, and the key's record says
    /// which submission came first.
    /// </summary>
    public async Task<FormResult> StartAsync(HttpContext http, string submission, Func<IDocumentSession, Task<CommandAnswer>> start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(start);
        if (Unfit(submission, http) is { } unfit)
            return unfit;
        var (key, tenant) = (KeyOf(submission), WebAuth.TenantOf(http.User));
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<IdempotencyRecord>(key, ct) is { } earlier)
            return Earlier(http, earlier);
        CommandAnswer answer;
        try
        {
            answer = await start(session);
        }
        catch (DomainException e)
        {
            return FormResult.Refused([new FormError(e.Field, e.Error)]);
        }
        catch (BadRequestException e)
        {
            return FormResult.Refused([.. e.Errors.Select(x => new FormError(x.Pointer, x.Text))]);
        }
        // An import's warnings ride on its plan's first event (PlanImport.Start), not on every event's metadata.
        var appended = Remember(http, session, key, [answer], []);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DocumentAlreadyExistsException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            await using var query = store.QuerySession(tenant);
            return await query.LoadAsync<IdempotencyRecord>(key, ct) is { } twin
                ? Earlier(http, twin)
                : FormResult.Refused([new FormError("", new ConcurrentChange())]);
        }
        return new FormResult(FormResult.Outcome.Recorded, appended, [], answer.StoredWarnings);
    }

    /// <summary>What an earlier submission with this key came to, or null when there was none: a page asks before it checks
    /// the form again, because a resent form may no longer pass (its quarter now has the figure it recorded). The same form
    /// resent is answered as recorded; the key with other content (back, edit, submit) is refused, never said to be recorded.</summary>
    public async Task<FormResult?> EarlierAsync(HttpContext http, string submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Guid.TryParse(submission, out _))
            return null;
        await using var session = store.QuerySession(WebAuth.TenantOf(http.User));
        return await session.LoadAsync<IdempotencyRecord>(KeyOf(submission), ct) is { } earlier ? Earlier(http, earlier) : null;
    }

    /// <summary>How many events an earlier submission with this key recorded, or null when there was none: for keys made from
    /// the content itself (an uploaded workbook's hash), where the same key is the same content whichever page or route sent it.</summary>
    public async Task<int?> RecordedAsync(string tenant, string submission, CancellationToken ct)
    {
        if (!Guid.TryParse(submission, out _))
            return null;
        await using var session = store.QuerySession(tenant);
        return (await session.LoadAsync<IdempotencyRecord>(KeyOf(submission), ct))?.EventIds.Count;
    }

    /// <summary>A submission refused before anything is read: not a key this service made, or a correlation id the command's
    /// record would not keep (browsers send none; a script posting the form might).</summary>
    private static FormResult? Unfit(string submission, HttpContext http) =>
        !Guid.TryParse(submission, out _) ? FormResult.Refused([new FormError("", new FormExpired())])
        : CommandRecord.CorrelationError(http) is { } error ? FormResult.Refused([new FormError("", error)])
        : null;

    private static FormResult Earlier(HttpContext http, IdempotencyRecord earlier) =>
        earlier.RequestHash == Fingerprint(http.Request)
            ? new FormResult(FormResult.Outcome.AlreadyRecorded, earlier.EventIds.Count, [], [])
            : FormResult.Refused([new FormError("", new SubmissionReusedWithOtherContent())]);

    /// <summary>A submission as sent: the page's path and query and every form value but the antiforgery token (which
    /// changes when the page is reloaded), and each uploaded file's bytes. The same form resent has the same fingerprint.</summary>
    public static string Fingerprint(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = new List<string> { $"{request.Method} {request.Path}{request.QueryString}" };
        if (request.HasFormContentType)
        {
            parts.AddRange(request.Form.Where(f => f.Key != "__RequestVerificationToken").OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => $"{f.Key}={string.Join('\u001f', f.Value.ToArray())}"));
            foreach (var file in request.Form.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                using var content = file.OpenReadStream();
                parts.Add($"{file.Name}:{Convert.ToHexString(SHA256.HashData(content))}");
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
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

    /// <summary>The submission's record (<see cref="CommandRecord"/>), under the form's key: the number of events appended.</summary>
    private static int Remember(HttpContext http, IDocumentSession session, string key, IReadOnlyList<CommandAnswer> answers,
        IReadOnlyList<string> warnings) =>
        CommandRecord.Keep(http, session, key, Fingerprint(http.Request), answers.Count > 0 ? answers[0].Shape : new AnswerShape(),
            answers.Select(a => a.Reason).FirstOrDefault(r => r is not null), warnings).Count;

}

public sealed record FormExpired() : Text("form-expired",
    "フォームの有効期限が切れました。ページを開き直してから、もう一度送信してください。",
    "The form has expired. Open the page again and submit once more.");

public sealed record ChangedSinceShown() : Text("form-changed-since-shown",
    "このページを開いた後に、ほかの人がこの項目を変更しました。最新の内容を確認してから、もう一度入力してください。",
    "Someone changed this after the page was opened. Check the latest content and enter it again.");

public sealed record SubmissionReusedWithOtherContent() : Text("form-submission-reused",
    "このフォームは既に別の内容で送信され、記録されています。今回の内容は記録していません。ページを開き直し、記録を確かめてから入力し直してください。",
    "This form was already submitted with other content, which was recorded; this content was not. Open the page again, check the record and enter it again.");
