using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Deadlines;
using DxEvents.Api.Tests.Support;
using DxEvents.Domain.Deadlines;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxEvents.Api.Tests;

/// <summary>
/// Issue 21 item 2: reminders by e-mail through a real SMTP server on loopback, never sent twice for one reminder — not on a
/// second run, not after a restart (a second host on the same database), not when two hosts run the job at the same time.
/// Today is 2025-11-20; reminders are sent 3 days before a deadline and for 14 days after it.
/// </summary>
public sealed class ReminderTests(ReminderTests.MailHost api) : IClassFixture<ReminderTests.MailHost>
{
    /// <summary>The one municipality whose departments have addresses configured.</summary>
    private const string DepartmentTown = "t-reminder-dept";

    /// <summary>The service with the test SMTP server configured and its reminder job's first run a day away, so that each
    /// test decides when a run happens.</summary>
    public sealed class MailHost : ApiHost
    {
        public TestSmtpServer Smtp { get; } = new();

        protected override void Configure(IWebHostBuilder builder) => Settings(builder, Smtp);

        public static void Settings(IWebHostBuilder builder, TestSmtpServer smtp)
        {
            foreach (var (key, value) in smtp.Settings)
                builder.UseSetting(key, value);
            builder.UseSetting("DXEVENTS_REMINDER_FIRST_RUN_SECONDS", "86400");
            builder.UseSetting($"{ReminderSettings.DepartmentsSection}:{DepartmentTown}", "情報政策課=joho@city.example.jp; 総務課=somu@city.example.jp");
        }

        /// <summary>Another node on the same database and mail server, with the same clock.</summary>
        public Task<IAlbaHost> SecondNodeAsync() => StartAsync(Database.ConnectionString, b =>
        {
            Settings(b, Smtp);
            b.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new FixedClock(Now));
            });
        });

        protected override async Task AfterStopAsync() => await Smtp.DisposeAsync();
    }

    /// <summary>A town whose FY2025 Q2 figure of k04 (m04, 情報政策課) is owed with the deadline 2025-11-22 (the 20th is within 3 days
    /// before it) and whose FY2025 Q1 figure is late since 2025-11-10 (within 14 days after), owed to the recorder 田中 (佐藤 has
    /// no address) and, in <see cref="DepartmentTown"/>, to 情報政策課's configured address.</summary>
    private async Task<Town> OwingTownAsync(string? tenant = null)
    {
        var town = tenant is null ? await api.NewTownAsync(sample: null) : new Town(api, tenant);
        if (tenant is not null)
            await town.KeysAsync();
        await town.ImportAsync(PlanDocuments.MimaWithDepartments(town.Tenant));
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/deadlines", new { fiscalYear = 2025, quarter = 2, due = "2025-11-22" });
        await town.PostAsync("/plans/mima-dx/deadlines", new { fiscalYear = 2025, quarter = 1, due = "2025-11-10" });
        var people = api.Services.GetRequiredService<PeopleAccess>();
        await people.GrantAsync(town.Tenant, "sub-tanaka", "田中 花子", $"tanaka@{town.Tenant}.example.jp", "recorder", "test");
        await people.GrantAsync(town.Tenant, "sub-sato", "佐藤 一郎", null, "recorder", "test");
        return town;
    }

    private static ReminderSender Sender(IAlbaHost host) => host.Services.GetRequiredService<ReminderSender>();

    [Fact]
    public async Task A_reminder_is_received_once_and_not_again_on_a_later_run_or_after_a_restart()
    {
        var town = await OwingTownAsync(DepartmentTown);
        var tanaka = $"tanaka@{town.Tenant}.example.jp";

        // Two kinds to two addresses; 総務課 owes nothing (m05, m07 not started), 佐藤 has no address.
        var first = await Sender(api.Host).RunAsync(town.Tenant);
        Assert.Equal(
            [
                (ReminderKind.Before, "joho@city.example.jp", ReminderOutcome.Sent), (ReminderKind.Before, tanaka, ReminderOutcome.Sent),
                (ReminderKind.Overdue, "joho@city.example.jp", ReminderOutcome.Sent), (ReminderKind.Overdue, tanaka, ReminderOutcome.Sent),
            ],
            first.OrderBy(r => r.Reminder.Kind).ThenBy(r => r.Reminder.To, StringComparer.Ordinal).Select(r => (r.Reminder.Kind, r.Reminder.To, r.Outcome)));
        Assert.Equal(2, api.Smtp.To("joho@city.example.jp").Count);
        Assert.Contains("情報政策課 様", api.Smtp.To("joho@city.example.jp")[0].TextBody!, StringComparison.Ordinal);

        var mails = api.Smtp.To(tanaka);
        Assert.Equal(2, mails.Count);
        var before = Assert.Single(mails, m => m.Subject!.StartsWith("【提出のお願い】", StringComparison.Ordinal));
        Assert.Equal("【提出のお願い】FY2025 Q2（令和7年度第2四半期）の実績値（提出期限 2025年11月22日）", before.Subject);
        Assert.Contains("田中 花子 様", before.TextBody, StringComparison.Ordinal);
        Assert.Contains("■ 情報政策課　LoGoチャットの活用", before.TextBody, StringComparison.Ordinal);
        Assert.Contains("・LoGoチャット利用者数", before.TextBody, StringComparison.Ordinal);
        Assert.Equal("dx-suishin@city.example.jp", before.From.Mailboxes.Single().Address);
        var overdue = Assert.Single(mails, m => m.Subject!.StartsWith("【提出期限超過】", StringComparison.Ordinal));
        Assert.Contains("FY2025 Q1（令和7年度第1四半期）", overdue.Subject, StringComparison.Ordinal);

        // The same node again: its streams say both were sent.
        Assert.All(await Sender(api.Host).RunAsync(town.Tenant), r => Assert.Equal(ReminderOutcome.AlreadySent, r.Outcome));
        // A restart: a new host on the same database, its job included.
        await using (var restarted = await api.SecondNodeAsync())
            Assert.All(await Sender(restarted).RunAsync(town.Tenant), r => Assert.Equal(ReminderOutcome.AlreadySent, r.Outcome));
        Assert.Equal((2, 2), (api.Smtp.To(tanaka).Count, api.Smtp.To("joho@city.example.jp").Count));

        // Each is an event in the town's history, by the reminder job, and the 提出状況 answer lists it.
        var sent = (await town.HistoryAsync()).Where(e => e.EventType == "ReminderSent").ToList();
        Assert.Equal(4, sent.Count);
        Assert.All(sent, e => Assert.StartsWith("reminder/mima-dx/2025-q", e.StreamId, StringComparison.Ordinal));
        Assert.All(sent, e => Assert.Contains($"\"actor\":\"{ReminderSender.Actor}\"", e.Metadata, StringComparison.Ordinal));
        var answer = await town.ReadAsync("/plans/mima-dx/submissions?fiscalYear=2025&quarter=2");
        Assert.Equal(["before joho@city.example.jp False", $"before {tanaka} False"],
            answer.GetProperty("reminders").EnumerateArray().Select(r => $"{r.Text("kind")} {r.Text("to")} {r.GetProperty("failed").GetBoolean()}").Order(StringComparer.Ordinal));
        Assert.True(answer.GetProperty("remindersOn").GetBoolean());
        Assert.Equal("joho@city.example.jp", answer.GetProperty("owners").EnumerateArray().Single(o => o.Text("name") == "情報政策課").Text("address"));
    }

    [Fact]
    public async Task Two_nodes_running_the_job_at_the_same_moment_send_each_reminder_once()
    {
        await using var second = await api.SecondNodeAsync();
        for (var round = 0; round < 3; round++)
        {
            var town = await OwingTownAsync();
            var tanaka = $"tanaka@{town.Tenant}.example.jp";
            using var gate = new SemaphoreSlim(0);
            async Task<IReadOnlyList<ReminderResult>> Run(IAlbaHost host)
            {
                await gate.WaitAsync();
                return await Sender(host).RunAsync(town.Tenant);
            }
            var runs = new[] { Run(api.Host), Run(second) };
            gate.Release(2);
            var results = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();

            Assert.Equal(2, results.Count(r => r.Outcome == ReminderOutcome.Sent));
            Assert.Equal(2, results.Count(r => r.Outcome == ReminderOutcome.AlreadySent));
            Assert.Equal(2, api.Smtp.To(tanaka).Count);
        }
    }

    [Fact]
    public async Task A_refusing_mail_server_leaves_the_reminder_failed_and_a_later_run_sends_it()
    {
        var town = await OwingTownAsync();
        var tanaka = $"tanaka@{town.Tenant}.example.jp";
        // A node whose mail server is a closed port: nothing listens on the port the first test server had before it started.
        await using (var refused = await StartAsync(api.Database.ConnectionString, b =>
        {
            MailHost.Settings(b, api.Smtp);
            b.UseSetting("DXEVENTS_SMTP_PORT", "1");
            b.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new FixedClock(ApiHost.Now));
            });
        }))
        {
            Assert.All(await Sender(refused).RunAsync(town.Tenant), r => Assert.Equal(ReminderOutcome.Failed, r.Outcome));
        }
        Assert.Empty(api.Smtp.To(tanaka));
        Assert.Equal(2, (await town.HistoryAsync()).Count(e => e.EventType == "ReminderFailed"));

        Assert.All(await Sender(api.Host).RunAsync(town.Tenant), r => Assert.Equal(ReminderOutcome.Sent, r.Outcome));
        Assert.Equal(2, api.Smtp.To(tanaka).Count);
    }

    private static Task<IAlbaHost> StartAsync(string connectionString, Action<IWebHostBuilder> configure) => ApiHost.StartAsync(connectionString, configure);
}
