using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Plans.Import;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Tests.Texts;

/// <summary>Why a status has no judgement, and what the plan document's reader says at a pointer: codes and both wordings,
/// written out by hand; and every text the domain has is in one of these lists.</summary>
public sealed class ReportTextTests
{
    private static readonly DateOnly Nov20 = new(2025, 11, 20);
    private const string Window = "FY2023（令和5年度）〜FY2025（令和7年度）";

    public static TheoryData<Text, string, string, string> Reasons() => new()
    {
        { new MeasureNotStartedBy(Nov20), "measure-not-started", "2025年11月20日の時点で施策が始まっていません。", "The measure had not started by 2025-11-20." },
        { new KpiOfMeasureNotStarted(Nov20), "kpi-measure-not-started", "2025年11月20日の時点で施策が始まっていないため、判定していません。", "The measure had not started by 2025-11-20." },
        {
            new FiguresWhileMeasureNotStarted(Nov20, new FiscalQuarter(2025, 1), 1234.5m, "人"), "figures-while-measure-not-started",
            "2025年11月20日の時点で施策が始まっていないため、判定していません。ただし実績値は記録されています（最新 FY2025 Q1（令和7年度第1四半期）：1,234.5人）。",
            "The measure had not started by 2025-11-20, so the KPI is not judged; it has figures all the same (latest FY2025 Q1（令和7年度第1四半期）: 1234.5人)."
        },
        { new MeasureCancelledBy(Nov20), "measure-cancelled", "施策は2025年11月20日までに中止されました。", "The measure was cancelled by 2025-11-20." },
        { new NothingToJudgeBy(), "nothing-to-judge-by", "指標も工程もないため、判定できません。", "The measure has no KPI and no schedule item to judge it by." },
        { new NoClosedQuarterFigure(new DateOnly(2024, 3, 31)), "no-figure", "2024年3月31日までに締まった四半期の実績値がありません。", "No figure for any quarter closed by 2024-03-31." },
        {
            new LatestFigureTooOld(new FiscalQuarter(2023, 4), new FiscalQuarter(2024, 1), new FiscalQuarter(2024, 2)), "latest-figure-too-old",
            "最新の実績値はFY2023 Q4（令和5年度第4四半期）のもので、直近2四半期（FY2024 Q1（令和6年度第1四半期）・FY2024 Q2（令和6年度第2四半期））の値がありません。",
            "The latest figure is for FY2023 Q4（令和5年度第4四半期）; none for FY2024 Q1（令和6年度第1四半期） or FY2024 Q2（令和6年度第2四半期）."
        },
        {
            new NoRecentFigureInWindow(new FiscalQuarter(2024, 1), new FiscalQuarter(2024, 2), Window), "no-recent-figure-in-window",
            "目標期間（FY2023（令和5年度）〜FY2025（令和7年度））の直近2四半期（FY2024 Q1（令和6年度第1四半期）・FY2024 Q2（令和6年度第2四半期））の実績値がありません。",
            "No figure for FY2024 Q1（令和6年度第1四半期） or FY2024 Q2（令和6年度第2四半期） in the window FY2023（令和5年度）〜FY2025（令和7年度）."
        },
        {
            new FinalEvaluationAt(new FiscalYear(2025)), "final-evaluation", "計画期間終了：FY2025（令和7年度）末時点の最終評価",
            "Plan period ended: the final evaluation as of the end of FY2025（令和7年度）"
        },
        { new NothingToAverage("FY2025（令和7年度）"), "nothing-to-average", "目標期間（FY2025（令和7年度））には、まだ平均する実績値がありません。", "No figure yet in the window FY2025（令和7年度） to average." },
    };

    public static TheoryData<Text, string, string, string> DocumentProblems() => new()
    {
        { new DocumentNotAnObject(), "document-not-an-object", "計画文書は JSON のオブジェクトにしてください。", "The plan document must be a JSON object." },
        { new WrongFormat("dxevents.plan/v1"), "wrong-format", "\"dxevents.plan/v1\" にしてください", "must be \"dxevents.plan/v1\"" },
        { new WrongShape(JsonShape.Object), "wrong-type", "オブジェクトにしてください", "must be an object" },
        { new WrongShape(JsonShape.Array), "wrong-type", "配列にしてください", "must be an array" },
        { new WrongShape(JsonShape.String), "wrong-type", "文字列にしてください", "must be a string" },
        { new WrongShape(JsonShape.Number), "wrong-type", "数値にしてください", "must be a number" },
        { new WrongShape(JsonShape.FiniteNumber), "wrong-type", "有限の数値にしてください", "must be a finite number" },
        { new WrongShape(JsonShape.Boolean), "wrong-type", "true か false にしてください", "must be true or false" },
        { new ValueRequired(), "required", "必須です", "is required" },
        { new MustNotBeEmpty(), "empty", "空にはできません", "must not be empty" },
        { new MustMatch("[a-z0-9-]{1,40}"), "pattern", "[a-z0-9-]{1,40} の形式にしてください", "must match [a-z0-9-]{1,40}" },
        { new NotAFiscalYear(), "not-a-fiscal-year", "年度（1989〜2100 の整数、西暦）にしてください", "must be a fiscal year (an integer from 1989 to 2100)" },
        { new NotAnIntegerAmount(), "not-an-integer-amount", "金額は整数（千円）にしてください", "must be an integer amount" },
        { new NegativeAmount(), "negative", "負の値にはできません", "must not be negative" },
        { new NoPillars(), "no-pillars", "基本方針を1つ以上記載してください", "must list at least one pillar (基本方針)" },
        { new DuplicateId(IdOf.Pillar, "p1", "/pillars/0"), "duplicate-id", "基本方針の id 'p1' が重複しています（最初は /pillars/0）", "duplicate pillar id 'p1' (first at /pillars/0)" },
        { new DuplicateId(IdOf.Measure, "m01", "/measures/0"), "duplicate-id", "施策の id 'm01' が重複しています（最初は /measures/0）", "duplicate measure id 'm01' (first at /measures/0)" },
        { new DuplicateId(IdOf.Kpi, "k01", "/measures/0/kpis/0"), "duplicate-id", "数値目標の id 'k01' が重複しています（最初は /measures/0/kpis/0）", "duplicate KPI id 'k01' (first at /measures/0/kpis/0)" },
        {
            new DuplicateId(IdOf.ScheduleItem, "s1", "/measures/0/schedule/0"), "duplicate-id",
            "工程の id 's1' が重複しています（最初は /measures/0/schedule/0）", "duplicate schedule item id 's1' (first at /measures/0/schedule/0)"
        },
        { new YearAfter("toFiscalYear", 2025), "year-after", "toFiscalYear（2025）より後にはできません", "must not be after toFiscalYear (2025)" },
        { new UnsupportedAmountUnit(), "amount-unit", "\"千円\" にしてください（v1 で扱える単位は千円だけです）", "must be \"千円\" (the only unit v1 supports)" },
        { new NotAMunicipalityCode(), "municipality-code", "null か 6 桁の全国地方公共団体コードにしてください", "must be null or the 6-digit 全国地方公共団体コード" },
        { new NotAnAdoptedDate(), "adopted-date", "YYYY-MM か YYYY-MM-DD の日付にしてください", "must be a date as YYYY-MM or YYYY-MM-DD" },
        { new PredecessorIsItself(), "predecessor-is-itself", "前期計画（predecessor）に、この計画自身の id は指定できません。", "A plan cannot be its own predecessor." },
        { new UnknownPillar("p9"), "unknown-pillar", "基本方針 'p9' は pillars にありません", "unknown pillar 'p9'" },
        { new MilestoneTargetValue(), "milestone-target-value", "達成型の指標の目標に value は書きません（達成することが目標です）", "must be absent: a milestone's target is being done" },
        {
            new UnknownChoice("kind", "stock", ["level", "flow", "rate", "milestone"]), "unknown-choice",
            "'stock' は kind に使えません（level | flow | rate | milestone のどれか）", "unknown kind 'stock' (expected level | flow | rate | milestone)"
        },
        { new DuplicateBudgetYear(2023, "/measures/0/budget/0"), "duplicate-budget-year", "事業費の年度 FY2023（令和5年度） が重複しています（最初は /measures/0/budget/0）", "duplicate budget year 2023 (first at /measures/0/budget/0)" },
        { new AbsentWhenUndetermined(), "absent-when-undetermined", "事業費が未定（undetermined）の年度には書けません", "must be absent when the year is undetermined" },
        {
            new OutsidePlanPeriod(2026, 2023, 2025), "outside-plan-period",
            "FY2026（令和8年度）は計画期間（FY2023（令和5年度）〜FY2025（令和7年度））の外にあります。記載どおりに保存しました",
            "FY2026 lies outside the plan period FY2023–FY2025; kept as printed"
        },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    [MemberData(nameof(DocumentProblems))]
    public void Each_code_renders_in_Japanese_and_in_English(Text text, string code, string ja, string en)
    {
        Assert.Equal(code, text.Code);
        Assert.Equal(ja, text.In(Language.Ja));
        Assert.Equal(en, text.In(Language.En));
    }

    [Fact]
    public void Every_text_of_the_domain_is_written_out_above()
    {
        var covered = DomainErrorTextTests.Cases().Concat(Reasons()).Concat(DocumentProblems()).Select(row => row[0].GetType()).ToHashSet();
        var all = typeof(Text).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Text)) && !t.IsAbstract);

        Assert.Empty(all.Where(t => !covered.Contains(t)).Select(t => t.Name));
    }
}
