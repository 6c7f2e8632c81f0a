using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans.Import;

// What a plan document's reader says about a value, after its JSON pointer ("/plan/id: must match …"), in both languages.

public sealed record DocumentNotAnObject() : Text(
    "document-not-an-object",
    "計画文書は JSON のオブジェクトにしてください。",
    "The plan document must be a JSON object.");

public sealed record WrongFormat(string Format) : Text(
    "wrong-format",
    $"\"{Format}\" にしてください",
    $"must be \"{Format}\"");

/// <summary>The JSON types a plan document's values must have.</summary>
public enum JsonShape
{
    Object,
    Array,
    String,
    Number,
    FiniteNumber,
    Boolean,
}

public sealed record WrongShape(JsonShape Expected) : Text(
    "wrong-type",
    Expected switch
    {
        JsonShape.Object => "オブジェクトにしてください",
        JsonShape.Array => "配列にしてください",
        JsonShape.String => "文字列にしてください",
        JsonShape.Number => "数値にしてください",
        JsonShape.FiniteNumber => "有限の数値にしてください",
        _ => "true か false にしてください",
    },
    Expected switch
    {
        JsonShape.Object => "must be an object",
        JsonShape.Array => "must be an array",
        JsonShape.String => "must be a string",
        JsonShape.Number => "must be a number",
        JsonShape.FiniteNumber => "must be a finite number",
        _ => "must be true or false",
    });

public sealed record ValueRequired() : Text(
    "required",
    "必須です",
    "is required");

public sealed record MustNotBeEmpty() : Text(
    "empty",
    "空にはできません",
    "must not be empty");

public sealed record MustMatch(string Pattern) : Text(
    "pattern",
    $"{Pattern} の形式にしてください",
    $"must match {Pattern}");

public sealed record NotAFiscalYear() : Text(
    "not-a-fiscal-year",
    $"年度（{Say.Number(Input.Bounds.MinFiscalYear)}〜{Say.Number(Input.Bounds.MaxFiscalYear)} の整数、西暦）にしてください",
    $"must be a fiscal year (an integer from {Say.Number(Input.Bounds.MinFiscalYear)} to {Say.Number(Input.Bounds.MaxFiscalYear)})");

public sealed record NotAnIntegerAmount() : Text(
    "not-an-integer-amount",
    "金額は整数（千円）にしてください",
    "must be an integer amount");

public sealed record NegativeAmount() : Text(
    "negative",
    "負の値にはできません",
    "must not be negative");

public sealed record NoPillars() : Text(
    "no-pillars",
    "基本方針を1つ以上記載してください",
    "must list at least one pillar (基本方針)");

/// <summary>What an id names, for the duplicate-id message.</summary>
public enum IdOf
{
    Pillar,
    Measure,
    Kpi,
    ScheduleItem,
}

public sealed record DuplicateId(IdOf What, string Id, string FirstAt) : Text(
    "duplicate-id",
    $"{WhatJa(What)}の id '{Id}' が重複しています（最初は {FirstAt}）",
    $"duplicate {WhatEn(What)} id '{Id}' (first at {FirstAt})")
{
    private static string WhatJa(IdOf what) => what switch
    {
        IdOf.Pillar => "基本方針",
        IdOf.Measure => "施策",
        IdOf.Kpi => "数値目標",
        _ => "工程",
    };

    private static string WhatEn(IdOf what) => what switch
    {
        IdOf.Pillar => "pillar",
        IdOf.Measure => "measure",
        IdOf.Kpi => "KPI",
        _ => "schedule item",
    };
}

/// <summary>A span that starts after it ends: this year may not come after <paramref name="Field"/> (<paramref name="Year"/>).</summary>
public sealed record YearAfter(string Field, int Year) : Text(
    "year-after",
    $"{Field}（{Say.Number(Year)}）より後にはできません",
    $"must not be after {Field} ({Say.Number(Year)})");

public sealed record UnsupportedAmountUnit() : Text(
    "amount-unit",
    "\"千円\" にしてください（v1 で扱える単位は千円だけです）",
    "must be \"千円\" (the only unit v1 supports)");

public sealed record NotAMunicipalityCode() : Text(
    "municipality-code",
    "null か 6 桁の全国地方公共団体コードにしてください",
    "must be null or the 6-digit 全国地方公共団体コード");

public sealed record NotAnAdoptedDate() : Text(
    "adopted-date",
    "YYYY-MM か YYYY-MM-DD の日付にしてください",
    "must be a date as YYYY-MM or YYYY-MM-DD");

public sealed record UnknownPillar(string Pillar) : Text(
    "unknown-pillar",
    $"基本方針 '{Pillar}' は pillars にありません",
    $"unknown pillar '{Pillar}'");

public sealed record MilestoneTargetValue() : Text(
    "milestone-target-value",
    "達成型の指標の目標に value は書きません（達成することが目標です）",
    "must be absent: a milestone's target is being done");

/// <summary>A word <paramref name="Field"/> does not know; <paramref name="Expected"/> lists the ones it does.</summary>
public sealed record UnknownChoice(string Field, string Value, IReadOnlyList<string> Expected) : Text(
    "unknown-choice",
    $"'{Value}' は {Field} に使えません（{string.Join(" | ", Expected)} のどれか）",
    $"unknown {Field} '{Value}' (expected {string.Join(" | ", Expected)})");

public sealed record DuplicateBudgetYear(int Year, string FirstAt) : Text(
    "duplicate-budget-year",
    $"事業費の年度 {new FiscalYear(Year).Display} が重複しています（最初は {FirstAt}）",
    $"duplicate budget year {Say.Number(Year)} (first at {FirstAt})");

public sealed record AbsentWhenUndetermined() : Text(
    "absent-when-undetermined",
    "事業費が未定（undetermined）の年度には書けません",
    "must be absent when the year is undetermined");

/// <summary>A warning, not an error: real plans set targets and budgets beyond their own period.</summary>
public sealed record OutsidePlanPeriod(int Year, int From, int To) : Text(
    "outside-plan-period",
    $"{new FiscalYear(Year).Display}は計画期間（{new FiscalYear(From).Display}〜{new FiscalYear(To).Display}）の外にあります。記載どおりに保存しました",
    $"FY{Say.Number(Year)} lies outside the plan period FY{Say.Number(From)}–FY{Say.Number(To)}; kept as printed");

public sealed record PredecessorIsItself() : Text(
    "predecessor-is-itself",
    "前期計画（predecessor）に、この計画自身の id は指定できません。",
    "A plan cannot be its own predecessor.");
