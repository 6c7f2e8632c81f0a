using System.Net;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>Issue 21 item 2: the office sets a quarter's deadline (an event in the plan's stream), and 提出状況 answers what is due
/// from whom. The service's today is 2025-11-20 (FY2025 Q2 has closed).</summary>
public sealed class DeadlineTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Deadlines = "/plans/mima-dx/deadlines";

    [Fact]
    public async Task The_office_sets_a_deadline_and_moves_it_with_a_reason_each_an_event_with_its_actor()
    {
        var town = await api.NewTownAsync();
        await town.AcceptedAsync(await town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15" }),
            "plan/mima-dx", "FiguresDeadlineSet");
        await town.AcceptedAsync(await town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-31", reason = "議会日程のため延長" }),
            "plan/mima-dx", "FiguresDeadlineSet");

        var stream = await town.StreamAsync("plan/mima-dx");
        Assert.Equal("""{"planId":"mima-dx","fiscalYear":2025,"quarter":2,"due":"2025-10-31","previous":"2025-10-15","reason":"議会日程のため延長"}""",
            stream[^1].Data);
        Assert.Contains("\"actor\":\"test office\"", stream[^1].Metadata, StringComparison.Ordinal);

        var answer = await town.ReadAsync("/plans/mima-dx/submissions?fiscalYear=2025&quarter=2");
        Assert.Equal("2025-10-31", answer.GetProperty("submissions").Text("deadline"));
        Assert.Equal(["2025-10-15 test office", "2025-10-31 test office"],
            answer.GetProperty("deadlineHistory").EnumerateArray().Select(c => $"{c.Text("due")} {c.Text("actor")}"));
    }

    [Fact]
    public async Task A_deadline_the_rules_refuse_is_a_problem_naming_the_field_and_appends_nothing()
    {
        var town = await api.NewTownAsync();
        var early = await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-09-30" },
            status: HttpStatusCode.UnprocessableEntity), "/due");
        Assert.Equal("deadline-before-quarter-ends", early.Text("code"));
        Assert.Contains("末日（2025年9月30日）より後", early.Text("detail"), StringComparison.Ordinal);

        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2026, quarter = 1, due = "2026-07-15" },
            status: HttpStatusCode.UnprocessableEntity), "/fiscalYear");
        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 5, due = "2026-07-15" },
            status: HttpStatusCode.BadRequest), "/quarter");
        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-13-01" },
            status: HttpStatusCode.BadRequest), "/due");
        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15", extra = 1 },
            status: HttpStatusCode.BadRequest));

        await town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15" });
        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-20" },
            status: HttpStatusCode.UnprocessableEntity), "/reason");
        var same = await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15", reason = "再送" },
            status: HttpStatusCode.Conflict), "/due");
        Assert.Equal("deadline-unchanged", same.Text("code"));
    }

    [Fact]
    public async Task Only_the_office_sets_deadlines_and_reads_the_submissions()
    {
        var town = await api.NewTownAsync();
        await town.RefusedAsync(() => town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15" }, Roles.Recorder,
            HttpStatusCode.Forbidden));
        await town.GetAsync("/plans/mima-dx/submissions", Roles.Headquarters, HttpStatusCode.Forbidden);
        await town.GetAsync("/plans/nothing/submissions", Roles.Office, HttpStatusCode.NotFound);
        var bad = await (await town.GetAsync("/plans/mima-dx/submissions?fiscalYear=2025&quarter=9", Roles.Office, HttpStatusCode.BadRequest)).ProblemAsync("/quarter");
        Assert.Equal("query-number-out-of-range", bad.GetProperty("errors")[0].Text("code"));
        await (await town.GetAsync("/plans/mima-dx/submissions?fiscalYear=2022&quarter=4", Roles.Office, HttpStatusCode.BadRequest)).ProblemAsync("/fiscalYear");
    }

    [Fact]
    public async Task The_submissions_say_per_department_and_measure_what_is_due_in_and_late_and_who_owes_it()
    {
        var town = await api.NewTownAsync(sample: null);
        await town.ImportAsync(PlanDocuments.MimaWithDepartments(town.Tenant));
        // m04 (情報政策課), m05 and m07 (総務課) started 2023-04-01; their level KPIs k04, k05, k07 (targets FY2025) owe FY2025 Q2.
        // m01 started too, but its flow KPI k01 counts FY2022–FY2024 only: it owes nothing for FY2025 Q2. k04's figure is in.
        foreach (var m in new[] { "m01", "m04", "m05", "m07" })
            await town.PostAsync($"/plans/mima-dx/measures/{m}/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);
        await town.PostAsync(Deadlines, new { fiscalYear = 2025, quarter = 2, due = "2025-10-15" });
        var people = api.Services.GetRequiredService<PeopleAccess>();
        await people.GrantAsync(town.Tenant, "sub-tanaka", "田中 花子", "tanaka@city.example.jp", "recorder", "test");
        await people.GrantAsync(town.Tenant, "sub-sato", "佐藤 一郎", null, "recorder", "test");
        await people.GrantAsync(town.Tenant, "sub-office", "鈴木 次郎", "suzuki@city.example.jp", "office", "test");

        // Today 2025-11-20 is past the deadline: what is not in is late.
        var answer = await town.ReadAsync("/plans/mima-dx/submissions");
        var s = answer.GetProperty("submissions");
        Assert.Equal((2025, 2, "2025-10-15", true, 3, 1, 2), (s.GetProperty("quarter").GetProperty("fiscalYear").GetInt32(),
            s.GetProperty("quarter").GetProperty("quarter").GetInt32(), s.Text("deadline"), s.GetProperty("pastDeadline").GetBoolean(),
            s.GetProperty("due").GetInt32(), s.GetProperty("in").GetInt32(), s.GetProperty("late").GetInt32()));
        Assert.Equal(["情報政策課 1/1/0: m04 k04 in", "総務課 2/0/2: m05 k05 late, m07 k07 late"],
            s.GetProperty("departments").EnumerateArray().Select(d => $"{d.Text("department")} {d.GetProperty("due")}/{d.GetProperty("in")}/{d.GetProperty("late")}: "
                + string.Join(", ", d.GetProperty("measures").EnumerateArray().SelectMany(m => m.GetProperty("kpis").EnumerateArray()
                    .Select(k => $"{m.Text("measureId")} {k.Text("kpiId")} {k.Text("state")}")))));

        // The owners: each department (no address configured here), then every recorder; an office is no owner.
        Assert.Equal(["department 情報政策課 -", "department 総務課 -", "recorder 佐藤 一郎 -", "recorder 田中 花子 tanaka@city.example.jp"],
            answer.GetProperty("owners").EnumerateArray().Select(o => $"{o.Text("kind")} {o.Text("name")} {o.Text("address") ?? "-"}"));
        Assert.False(answer.GetProperty("remindersOn").GetBoolean());

        // The quarter before had no deadline: its missing figures are open, never late.
        var q1 = (await town.ReadAsync("/plans/mima-dx/submissions?fiscalYear=2025&quarter=1")).GetProperty("submissions");
        Assert.Equal((JsonValueKind.Null, 3, 0, 0), (q1.GetProperty("deadline").ValueKind, q1.GetProperty("due").GetInt32(),
            q1.GetProperty("in").GetInt32(), q1.GetProperty("late").GetInt32()));
    }
}
