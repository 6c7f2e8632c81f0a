using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Tests.Texts;

/// <summary>Every refusal Decide can throw, and every budget warning: its code and both wordings, written out by hand.</summary>
public sealed class DomainErrorTextTests
{
    private static readonly FiscalQuarter Q2 = new(2025, 2);

    public static TheoryData<Text, string, string, string> Cases() => new()
    {
        { new ReasonRequired(), "reason-required", "理由を入力してください。監査で変更の履歴とともに読まれます。", "A reason is required: auditors read it in the history." },
        {
            new DxEvents.Domain.Access.UnknownRole("mayor"), "unknown-role",
            "役割「mayor」はありません。recorder（担当課）、office（事務局）、auditor（監査）、headquarters（本部）のいずれかを選んでください。",
            "There is no role 'mayor': choose recorder, office, auditor or headquarters."
        },
        { new DxEvents.Domain.Access.ValueRequired("表示名", "display name"), "required", "表示名を入力してください。", "Enter the display name." },
        { new DxEvents.Domain.Access.ValueTooLong("表示名", "display name", 100), "too-long", "表示名は 100 文字までです。", "The display name takes at most 100 characters." },
        { new DxEvents.Domain.Access.NotAnEmail("tanaka"), "not-an-email", "「tanaka」はメールアドレスの形ではありません。", "'tanaka' is not an e-mail address." },
        {
            new DxEvents.Domain.Access.AlreadyGranted("田中 花子", "recorder"), "already-granted",
            "田中 花子 さんには既に同じ内容で役割「recorder」が付与されています。", "田中 花子 already has the role 'recorder' with these details."
        },
        { new DxEvents.Domain.Access.NoSuchGrant("sub-1"), "no-such-grant", "識別子「sub-1」の人にはアクセスが付与されていません。", "No access is granted to the person 'sub-1'." },
        { new DxEvents.Domain.Access.NoSuchKey(), "no-such-key", "そのAPIキーはありません。", "No such API key." },
        { new DxEvents.Domain.Access.KeyAlreadyRevoked("統計システム"), "key-already-revoked", "APIキー「統計システム」は既に失効しています。", "The API key '統計システム' is already revoked." },
        { new DxEvents.Domain.Access.ResidentsPageAlreadyOpen(), "residents-page-already-open", "住民向けページは既に公開されています。", "The page for residents is already published." },
        { new DxEvents.Domain.Access.ResidentsPageAlreadyClosed(), "residents-page-already-closed", "住民向けページは公開されていません。", "The page for residents is not published." },
        { new DxEvents.Domain.Access.FigureReviewAlreadyOn(), "figure-review-already-on", "実績値の確認（事務局による確認）は既に有効です。", "The office's review of figures is already on." },
        { new DxEvents.Domain.Access.FigureReviewAlreadyOff(), "figure-review-already-off", "実績値の確認（事務局による確認）は有効になっていません。", "The office's review of figures is not on." },
        {
            new NoFigureToReview(new FiscalQuarter(2025, 3)), "no-figure-to-review",
            "FY2025 Q3（令和7年度第3四半期）には確認する実績値がありません。", "FY2025 Q3（令和7年度第3四半期） has no figure to review."
        },
        {
            new FigureNotAwaitingReview(new FiscalQuarter(2025, 1), FigureReview.Returned), "figure-not-awaiting-review",
            "FY2025 Q1（令和7年度第1四半期）の実績値は確認待ちではありません（差し戻し中：担当課の訂正を待っています）。",
            "FY2025 Q1（令和7年度第1四半期）'s figure is not waiting for review (returned: its department has to correct it)."
        },
        {
            new FigureNotAwaitingReview(new FiscalQuarter(2025, 1), FigureReview.Confirmed), "figure-not-awaiting-review",
            "FY2025 Q1（令和7年度第1四半期）の実績値は確認待ちではありません（確認済み）。",
            "FY2025 Q1（令和7年度第1四半期）'s figure is not waiting for review (confirmed)."
        },
        {
            new ReviewedFigureChanged(new FiscalQuarter(2025, 1), 1200m, 1250.5m), "reviewed-figure-changed",
            "FY2025 Q1（令和7年度第1四半期）の実績値は 1,200 から 1,250.5 に訂正されています。訂正後の値を確かめてから確認してください。",
            "FY2025 Q1（令和7年度第1四半期）'s figure was corrected from 1200 to 1250.5; review the corrected figure."
        },
        {
            new OwnFigureReview(new FiscalQuarter(2025, 1)), "own-figure-review",
            "FY2025 Q1（令和7年度第1四半期）の実績値は自分で記録したものです。記録した人以外の事務局の職員が確認してください。",
            "You recorded FY2025 Q1（令和7年度第1四半期）'s figure yourself: someone else in the office has to review it."
        },
        {
            new DateInFuture(new DateOnly(2025, 12, 1), new DateOnly(2025, 11, 20)), "date-in-future",
            "2025年12月1日は未来の日付です（日本時間で今日は2025年11月20日です）。", "2025-12-01 is in the future (today is 2025-11-20 in Japan)."
        },
        {
            new DateOutOfRange(new DateOnly(1, 1, 1)), "date-out-of-range",
            "1年1月1日は扱える期間（1989年4月1日〜2101年3月31日、1989〜2100年度）の外です。",
            "0001-01-01 is outside the supported period (1989-04-01 to 2101-03-31, FY1989–FY2100)."
        },
        {
            new AmountTooLarge(4_611_686_018_427_387_904), "amount-too-large",
            "金額 4611686018427387904 千円は大きすぎます。1件の金額は 100000000000 千円（100兆円）までです。",
            "The amount 4611686018427387904 (thousand yen) is too large: at most 100000000000 (100 trillion yen)."
        },
        { new FigureTooPrecise("value", 6), "too-many-decimals", "value は小数点以下 6 桁までで指定してください。", "value may have at most 6 decimal places." },
        {
            new NumberOutOfRange("value", -1_000_000_000_000_000m, 1_000_000_000_000_000m), "number-out-of-range",
            "value は -1000000000000000〜1000000000000000 の範囲で指定してください。", "value must be between -1000000000000000 and 1000000000000000."
        },
        { new TextTooLong(300_000, 2_000), "text-too-long", "300000 文字は長すぎます。2000 文字以内にしてください。", "300000 characters is too long: at most 2000." },
        {
            new ControlCharacter("U+0000"), "control-character", "表示できない制御文字（U+0000）が含まれています。取り除いてから送ってください。",
            "The text contains a control character (U+0000); remove it and send again."
        },
        { new FiscalYearOutOfRange(25), "fiscal-year-out-of-range", "25 は年度として扱えません。1989〜2100 の西暦で指定してください。", "25 is not a fiscal year between 1989 and 2100." },
        {
            new QuarterOutOfRange(5), "quarter-out-of-range",
            "四半期は 1〜4 で指定してください（第1四半期 4〜6月 … 第4四半期 1〜3月）。5 は指定できません。", "Quarter must be 1 to 4 (Q1 Apr–Jun … Q4 Jan–Mar), not 5."
        },
        { new AmountNegative(-1), "amount-negative", "金額に負の値（-1）は指定できません。", "Amounts cannot be negative (-1)." },
        { new KpiNotFound(), "kpi-not-found", "この計画にその数値目標（KPI）はありません。", "No such KPI in this plan." },
        {
            new FigureAlreadyRecorded(Q2, 1200m), "figure-already-recorded",
            "FY2025 Q2（令和7年度第2四半期）の実績値は既に 1,200 が記録されています。変更するには、理由を添えて訂正してください。",
            "FY2025 Q2（令和7年度第2四半期） already has the figure 1200. To change it, send a correction with a reason."
        },
        {
            new NoFigureToCorrect(new FiscalQuarter(2025, 3)), "no-figure-to-correct",
            "FY2025 Q3（令和7年度第3四半期）には訂正する実績値がありません。先に実績値を記録してください。", "FY2025 Q3（令和7年度第3四半期） has no figure to correct; record it first."
        },
        {
            new CorrectionChangesNothing(new FiscalQuarter(2024, 2), 156.5m), "correction-changes-nothing",
            "FY2024 Q2（令和6年度第2四半期）の実績値は既に 156.5 です。訂正する内容がありません。", "FY2024 Q2（令和6年度第2四半期） is already 156.5; nothing to correct."
        },
        {
            new FigureOutOfRange(50_000_000_000_000_000_000_000_000_000m), "figure-out-of-range",
            "50000000000000000000000000000 は実績値として扱えません（絶対値で 1,000,000,000,000,000 まで）。",
            "50000000000000000000000000000 is beyond any KPI figure (at most 1,000,000,000,000,000 in size)."
        },
        {
            new QuarterNotStarted(new FiscalQuarter(2025, 4)), "quarter-not-started",
            "FY2025 Q4（令和7年度第4四半期）は2026年1月1日に始まる四半期のため、まだ実績値を記録できません。", "FY2025 Q4（令和7年度第4四半期） starts on 2026-01-01; it has no figure yet."
        },
        { new MilestoneFigure(), "milestone-figure", "達成型の指標の実績値は 1（達成）か 0（未達成）です。", "A milestone figure is 1 (done) or 0 (not done)." },
        {
            new TargetWindowAfterYear(2026, 2025), "target-window-after-year",
            "集計期間の始まり（FY2026（令和8年度））を目標年度（FY2025（令和7年度））より後にはできません。", "The window cannot start (2026) after the target year (2025)."
        },
        {
            new MilestoneTargetHasNoValue(), "milestone-target-has-no-value",
            "達成型の指標の目標に値は指定しません。達成（1）したかどうかで判定します。", "A milestone's target has no value: it is done (1) or not."
        },
        { new TargetValueRequired(), "target-value-required", "目標値を指定してください。", "A target value is required." },
        { new MilestoneHasNoBaseline(), "milestone-has-no-baseline", "達成型の指標に現状値はありません。未達成（0）から始まります。", "A milestone has no baseline: it starts not done (0)." },
        { new MeasureNotFound(), "measure-not-found", "この計画にその施策はありません。", "No such measure in this plan." },
        {
            new MeasureAlreadyStarted(MeasureLifecycle.Suspended), "measure-already-started",
            "この施策は既に「休止中」です。開始は一度だけ記録できます。", "The measure is already suspended; it can be started only once."
        },
        { new LifecycleChangeNotAllowed(MeasureLifecycle.Planned, MeasureLifecycle.Started), "lifecycle-change-not-allowed", "「未着手」の施策は再開できません。", "A planned measure cannot be resumed." },
        { new LifecycleChangeNotAllowed(MeasureLifecycle.Planned, MeasureLifecycle.Suspended), "lifecycle-change-not-allowed", "「未着手」の施策は休止できません。", "A planned measure cannot be suspended." },
        { new LifecycleChangeNotAllowed(MeasureLifecycle.Suspended, MeasureLifecycle.Completed), "lifecycle-change-not-allowed", "「休止中」の施策は完了にできません。", "A suspended measure cannot be completed." },
        { new LifecycleChangeNotAllowed(MeasureLifecycle.Completed, MeasureLifecycle.Cancelled), "lifecycle-change-not-allowed", "「完了」の施策は中止できません。", "A completed measure cannot be cancelled." },
        {
            new DateBeforeLastChange(new DateOnly(2025, 4, 30), new DateOnly(2025, 5, 1)), "date-before-last-change",
            "2025年4月30日は、直前の実施状況の変更（2025年5月1日）より前の日付です。", "2025-04-30 is before the last lifecycle change on 2025-05-01."
        },
        { new FundingSourceRequired(), "funding-source-required", "財源の各行には財源名（交付金、補助金など）が必要です。", "Each funding line needs a source name (交付金, 補助金…)." },
        { new ScheduleItemNotFound("s9"), "schedule-item-not-found", "この施策に工程「s9」はありません。", "The measure has no schedule item 's9'." },
        {
            new ScheduleItemAlreadyCompleted("s1", new DateOnly(2024, 3, 29)), "schedule-item-already-completed",
            "工程「s1」は2024年3月29日に完了済みです。", "Schedule item 's1' was already completed on 2024-03-29."
        },
        {
            new GeneralFundsAboveTotal(3398, 3388), "general-funds-above-total",
            "一般財源 3,398 が事業費 3,388 を上回っています。記載どおりに保存しました。", "一般財源 3,398 exceeds 事業費 3,388; kept as printed."
        },
        {
            new FundingAboveTotal(3400, 3388), "funding-above-total",
            "財源の合計 3,400 が事業費 3,388 を上回っています。記載どおりに保存しました。", "Funding sources total 3,400, above 事業費 3,388; kept as printed."
        },
        { new PlanNotFound(), "plan-not-found", "その計画はありません。", "No such plan." },
        {
            new DxEvents.Domain.Deadlines.QuarterOutsidePlan(new FiscalQuarter(2026, 1), 2023, 2025), "quarter-outside-plan",
            "FY2026 Q1（令和8年度第1四半期）は計画期間（FY2023〜FY2025）の外です。", "FY2026 Q1（令和8年度第1四半期） lies outside the plan's period (FY2023–FY2025)."
        },
        {
            new DxEvents.Domain.Deadlines.DeadlineBeforeQuarterEnds(Q2, new DateOnly(2025, 9, 30)), "deadline-before-quarter-ends",
            "提出期限2025年9月30日はFY2025 Q2（令和7年度第2四半期）の末日（2025年9月30日）より後にしてください。",
            "The deadline 2025-09-30 must fall after the last day of FY2025 Q2（令和7年度第2四半期） (2025-09-30)."
        },
        {
            new DxEvents.Domain.Deadlines.DeadlineTooLate(Q2, new DateOnly(2026, 10, 1), new DateOnly(2026, 9, 30)), "deadline-too-late",
            "提出期限2026年10月1日は遅すぎます。FY2025 Q2（令和7年度第2四半期）の提出期限は2026年9月30日までにしてください。",
            "The deadline 2026-10-01 is too late: FY2025 Q2（令和7年度第2四半期）'s deadline must be on or before 2026-09-30."
        },
        {
            new DxEvents.Domain.Deadlines.DeadlineUnchanged(Q2, new DateOnly(2025, 10, 15)), "deadline-unchanged",
            "FY2025 Q2（令和7年度第2四半期）の提出期限は既に2025年10月15日です。", "FY2025 Q2（令和7年度第2四半期）'s deadline is already 2025-10-15."
        },
        { new OnTrackOutOfRange(), "on-track-out-of-range", "onTrack（順調とする遅れの許容幅）は 0 以上 1 以下にしてください。", "onTrack must lie between 0 and 1." },
        { new AtRiskOutOfRange(), "at-risk-out-of-range", "atRisk（要注意とする遅れの許容幅）は onTrack 以上 1 以下にしてください。", "atRisk must lie between onTrack and 1." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_code_renders_in_Japanese_and_in_English(Text text, string code, string ja, string en)
    {
        Assert.Equal(code, text.Code);
        Assert.Equal(ja, text.In(Language.Ja));
        Assert.Equal(en, text.In(Language.En));
        Assert.Equal(ja, text.ToString());
    }

    [Fact]
    public void Decide_refuses_with_the_code_and_the_facts()
    {
        var defined = new KpiDefined("mima-dx", "k04", "m04", "LoGoチャット利用者数", "人", KpiKind.Level, null, KpiDirection.Increase, null,
            new KpiTarget(250, 2025, null), null);
        var state = KpiState.From([defined, new KpiMeasured("mima-dx", "k04", "m04", 2025, 2, 180, null)]);
        var error = Assert.Throws<DomainException>(() => KpiDecider.Decide(state, new RecordKpiFigure(2025, 2, 186, null), Spec.Now.AddMonths(3)));

        Assert.Equal(new FigureAlreadyRecorded(Q2, 180), error.Error);
        Assert.Equal(error.Error.En, error.Message);
    }
}
