using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Tests.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Deadlines;

/// <summary>Deadline 2025-10-15, three days' notice before, fourteen days of overdue reminders after.</summary>
public sealed class ReminderPlanTests
{
    private static readonly DateOnly Due = D(2025, 10, 15);

    [Theory]
    [InlineData(11, null)]
    [InlineData(12, ReminderKind.Before)]  // 15 − 3
    [InlineData(15, ReminderKind.Before)]  // the deadline's own day is still on time
    [InlineData(16, ReminderKind.Overdue)]
    [InlineData(29, ReminderKind.Overdue)] // 15 + 14
    [InlineData(30, null)]
    public void The_kind_of_reminder_depends_on_the_day(int day, ReminderKind? kind) =>
        Assert.Equal(kind, ReminderPlan.KindOn(D(2025, 10, day), Due, daysBefore: 3, overdueDays: 14));

    // m01 (総務課) has its k1 in; m02 (情報政策課) owes k2 and k3.
    private static SubmissionReport Report(DateOnly today) => Submissions.Build(History.View(
    [
        new PlanAdopted(Plan, "計画", new Municipality("市", "県", null), "2023-03", 2023, 2025, null, "千円", Tolerances.Default),
        new PillarAdded(Plan, "p1", "柱", 1),
        new MeasureRegistered(Plan, "m01", "p1", "窓口", null, "総務課"),
        new MeasureRegistered(Plan, "m02", "p1", "ネットワーク", null, "情報政策課"),
        Started("m01", 2023), Started("m02", 2023),
        Kpi("k1", KpiKind.Level, 100m, 2025), Kpi("k2", KpiKind.Level, 100m, 2025, measure: "m02"), Kpi("k3", KpiKind.Level, 100m, 2025, measure: "m02"),
        Figure("k1", 2025, 2, 40m),
    ]), new FiscalQuarter(2025, 2), Due, today);

    private static readonly Recipient[] Recipients =
    [
        new("tanaka@city.example.jp", "田中", null),
        new("somu@city.example.jp", "総務課", "総務課"),
        new("johosei@city.example.jp", "情報政策課", "情報政策課"),
        new("Tanaka@City.Example.jp", "田中（兼務）", null),
    ];

    [Fact]
    public void Before_the_deadline_each_address_that_owes_open_figures_gets_one_mail_naming_them()
    {
        var reminders = ReminderPlan.For(Report(D(2025, 10, 13)), ReminderKind.Before, Recipients);
        // 総務課 owes nothing (k1 is in); the two grants with one address (case aside) make one mail with both names.
        Assert.Equal(
            ["johosei@city.example.jp 情報政策課 k2,k3", "tanaka@city.example.jp 田中+田中（兼務） k2,k3"],
            reminders.Select(r => $"{r.To} {string.Join('+', r.Names)} {string.Join(',', r.Figures.Select(f => f.KpiId))}"));
        Assert.All(reminders, r => Assert.Equal((ReminderKind.Before, Due, 2025, 2), (r.Kind, r.Due, r.Quarter.FiscalYear, r.Quarter.Quarter)));
    }

    [Fact]
    public void After_the_deadline_the_late_figures_are_reminded_and_before_it_no_overdue_reminder_names_any()
    {
        Assert.Equal(["johosei@city.example.jp", "tanaka@city.example.jp"],
            ReminderPlan.For(Report(D(2025, 10, 16)), ReminderKind.Overdue, Recipients).Select(r => r.To));
        Assert.Empty(ReminderPlan.For(Report(D(2025, 10, 13)), ReminderKind.Overdue, Recipients));
        Assert.Empty(ReminderPlan.For(Report(D(2025, 10, 16)), ReminderKind.Before, Recipients));
    }

    [Fact]
    public void No_deadline_no_reminder() =>
        Assert.Empty(ReminderPlan.For(Report(D(2025, 10, 13)) with { Deadline = null }, ReminderKind.Before, Recipients));
}
