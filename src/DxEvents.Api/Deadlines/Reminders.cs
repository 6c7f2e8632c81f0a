using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using JasperFx.Events;
using MailKit.Net.Smtp;
using Marten;
using MimeKit;

namespace DxEvents.Api.Deadlines;

/// <summary>What became of one planned reminder on this run.</summary>
public enum ReminderOutcome
{
    Sent,

    /// <summary>Its stream says it was sent already, here or on another node: nothing sent.</summary>
    AlreadySent,

    /// <summary>The mail server refused or was unreachable: recorded as failed, to be tried again on a later run.</summary>
    Failed,
}

public sealed record ReminderResult(string Tenant, PlannedReminder Reminder, ReminderOutcome Outcome);

/// <summary>
/// Sends the reminders due today, each at most once. Each reminder has a stream whose id is the reminder itself (plan, quarter,
/// kind, address: <see cref="StreamIds.Reminder"/>), and <see cref="ReminderSent"/> starts it before the mail goes out: two nodes,
/// or a node after a restart, that decide to send the same reminder both try to start that stream, and PostgreSQL's unique key
/// on the stream id lets exactly one commit; only the one that committed sends. Chosen over Wolverine's durable scheduled
/// messages because the record is an event like every other (in the chain, the audit log, the 提出状況 page) and needs no
/// message storage. The price is at most once: a node that dies between the commit and the mail server's answer leaves a
/// reminder recorded as sent that never left — a missed reminder, which the page still shows as late, rather than a doubled one.
/// A mail server that answers with a refusal is known not to have sent: <see cref="ReminderFailed"/> is appended at the stream's
/// version, and a later run claims it again the same way (the version, not the key, then decides between nodes).
/// </summary>
public sealed class ReminderSender(IDocumentStore store, IDaemonStore daemonStore, PlanViews views, SubmissionReads reads, ReminderSettings settings,
    TimeProvider clock, ILogger<ReminderSender> logger, IConfiguration configuration)
{
    private readonly IReadOnlyList<string> _placed = [.. ExtraDatabase.From(configuration).SelectMany(d => d.Municipalities)];

    public const string Actor = "DxEvents（提出期限のお知らせ）";

    /// <summary>One pass over every municipality's plans: the reminders due today, each claimed and sent.</summary>
    public async Task<IReadOnlyList<ReminderResult>> RunAsync(CancellationToken ct = default)
    {
        if (!settings.On)
            return [];
        var results = new List<ReminderResult>();
        foreach (var tenant in await TenantsAsync(ct))
            results.AddRange(await RunAsync(tenant, ct));
        return results;
    }

    /// <summary>One municipality's pass.</summary>
    public async Task<IReadOnlyList<ReminderResult>> RunAsync(string tenant, CancellationToken ct = default)
    {
        if (!settings.On)
            return [];
        var today = JapanDate.Of(clock.GetUtcNow());
        var results = new List<ReminderResult>();
        foreach (var view in await views.ListAsync(tenant, ct))
        {
            var state = await reads.PlanStateAsync(tenant, view.PlanId, ct);
            foreach (var (quarter, due) in state.Deadlines.OrderBy(d => d.Key))
            {
                if (ReminderPlan.KindOn(today, due, settings.DaysBefore, settings.OverdueDays) is not { } kind)
                    continue;
                var report = Submissions.Build(view, quarter, due, today);
                var owners = await reads.OwnersAsync(tenant, report, ct);
                foreach (var unreachable in owners.Where(o => o.Address is null))
                    logger.LogInformation("No reminder address for {Kind} {Name} in {Tenant} (plan {Plan}, {Quarter}): skipped",
                        unreachable.Kind, unreachable.Name, tenant, view.PlanId, quarter.Display);
                foreach (var reminder in ReminderPlan.For(report, kind, SubmissionReads.Recipients(owners)))
                    results.Add(new(tenant, reminder, await ClaimAndSendAsync(tenant, reminder, ct)));
            }
        }
        return results;
    }

    private async Task<ReminderOutcome> ClaimAndSendAsync(string tenant, PlannedReminder reminder, CancellationToken ct)
    {
        var streamId = StreamIds.Reminder(reminder.PlanId, reminder.Quarter.FiscalYear, reminder.Quarter.Quarter, reminder.Kind, reminder.To);
        long version;
        await using (var session = store.LightweightSession(tenant))
        {
            var history = await session.Events.FetchStreamAsync(streamId, token: ct);
            if (history.Count > 0 && history[^1].Data is not ReminderFailed)
                return ReminderOutcome.AlreadySent;
            Envelopes.Stamp(session, new EventMetadata(Actor, null, null, null, null));
            var sent = new ReminderSent(reminder.PlanId, reminder.Quarter.FiscalYear, reminder.Quarter.Quarter, reminder.Kind, reminder.Due, reminder.To,
                [.. reminder.Figures.Select(f => f.KpiId)]);
            if (history.Count == 0)
                session.Events.StartStream(streamId, sent);
            else
                session.Events.Append(streamId, history[^1].Version + 1, sent);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
                or JasperFx.ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
            {
                return ReminderOutcome.AlreadySent;
            }
            version = history.Count + 1;
        }

        try
        {
            await SendAsync(reminder, streamId, ct);
            logger.LogInformation("Reminder {Kind} for {Quarter} of plan {Plan} ({Tenant}) sent to {To}",
                reminder.Kind, reminder.Quarter.Display, reminder.PlanId, tenant, reminder.To);
            return ReminderOutcome.Sent;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
            or MailKit.Security.AuthenticationException or TimeoutException)
        {
            logger.LogWarning(e, "Reminder {Kind} for {Quarter} of plan {Plan} ({Tenant}) to {To} not sent", reminder.Kind, reminder.Quarter.Display,
                reminder.PlanId, tenant, reminder.To);
            await using var session = store.LightweightSession(tenant);
            Envelopes.Stamp(session, new EventMetadata(Actor, null, null, null, null));
            session.Events.Append(streamId, version + 1, new ReminderFailed(reminder.PlanId, reminder.Quarter.FiscalYear, reminder.Quarter.Quarter,
                reminder.Kind, reminder.To, e.Message.Length > 500 ? e.Message[..500] : e.Message));
            await session.SaveChangesAsync(ct);
            return ReminderOutcome.Failed;
        }
    }

    private async Task SendAsync(PlannedReminder reminder, string streamId, CancellationToken ct)
    {
        using var message = Message(reminder, settings.From!);
        // The same reminder always has the same Message-ID, so that a mail system could tell a copy apart should one ever exist.
        message.MessageId = $"{streamId.Replace('/', '.')}@dxevents";
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, ct);
        if (settings.User is { Length: > 0 } user)
            await client.AuthenticateAsync(user, settings.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>The mail, in Japanese: what is owed, by department and measure, and by when.</summary>
    public static MimeMessage Message(PlannedReminder reminder, string from)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var quarter = new FiscalQuarter(reminder.Quarter.FiscalYear, reminder.Quarter.Quarter);
        var due = Labels.DateJa(reminder.Due);
        var subject = reminder.Kind == ReminderKind.Before
            ? $"【提出のお願い】{quarter.Display}の実績値（提出期限 {due}）"
            : $"【提出期限超過】{quarter.Display}の実績値（提出期限 {due}）";
        var lead = reminder.Kind == ReminderKind.Before
            ? $"「{reminder.PlanTitle}」の{quarter.Display}の実績値の提出期限は {due} です。次の実績値がまだ入力されていません。"
            : $"「{reminder.PlanTitle}」の{quarter.Display}の実績値の提出期限（{due}）を過ぎました。次の実績値がまだ入力されていません。";
        var lines = reminder.Figures.GroupBy(f => (f.Department, f.MeasureTitle))
            .SelectMany(g => new[] { $"■ {g.Key.Department ?? "担当課未設定"}　{g.Key.MeasureTitle}" }.Concat(g.Select(f => $"　・{f.KpiName}")));
        var body = string.Join("\n", [
            $"{string.Join("、", reminder.Names)} 様", "", lead, "", .. lines, "",
            "DxEvents の「実績値の入力」ページ、または実績値の様式（Excel）で入力してください。",
            "このメールは提出期限のお知らせとして一度だけ送信しています。", "", "DX推進室"]);
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(reminder.To));
        return message;
    }

    /// <summary>The municipalities with a plan on the main database, read across municipalities as the daemon's role (the service's
    /// role sees one at a time), and those placed on other databases by configuration.</summary>
    private async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct)
    {
        await using var session = daemonStore.QuerySession();
        var main = await session.AdvancedSql.QueryAsync<string>(
            $"select distinct tenant_id from {StoreSetup.Schema}.mt_streams where id like 'plan/%' order by tenant_id", ct);
        return [.. main.Concat(_placed).Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>Runs <see cref="ReminderSender"/> on every node, a little after start (the host and its store settle first) and then
/// every interval; the reminder streams keep it to one mail per reminder whichever node runs first.</summary>
public sealed class ReminderJob(ReminderSender sender, ReminderSettings settings, ILogger<ReminderJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval);
        await Task.Delay(settings.FirstRun, stoppingToken);
        do
        {
            try
            {
                await sender.RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The reminder run failed; the next run tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class ReminderSetup
{
    /// <summary>The 提出状況 read always; the reminder job only when a mail server is configured.</summary>
    public static void AddDxReminders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ReminderSettings.Of(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<SubmissionReads>();
        services.AddSingleton<ReminderSender>();
        if (settings.On)
            services.AddHostedService<ReminderJob>();
    }
}
