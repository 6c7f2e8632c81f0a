using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans.Import;

// What a plan document's reader says about a value, after its JSON pointer ("/plan/id: must match …"), in both languages.

public sealed record DocumentNotAnObject : Text
{
    public override string Code => "document-not-an-object";
    public override string Ja => "計画文書は JSON のオブジェクトにしてください。";
    public override string En => "The plan document must be a JSON object.";
}

public sealed record WrongFormat(string Format) : Text
{
    public override string Code => "wrong-format";
    public override string Ja => $"\"{Format}\" にしてください";
    public override string En => $"must be \"{Format}\"";
}

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

public sealed record WrongShape(JsonShape Expected) : Text
{
    public override string Code => "wrong-type";
    public override string Ja => Expected switch
    {
        JsonShape.Object => "オブジェクトにしてください",
        JsonShape.Array => "配列にしてください",
        JsonShape.String => "文字列にしてください",
        JsonShape.Number => "数値にしてください",
        JsonShape.FiniteNumber => "有限の数値にしてください",
        _ => "true か false にしてください",
    };
    public override string En => Expected switch
    {
        JsonShape.Object => "must be an object",
        JsonShape.Array => "must be an array",
        JsonShape.String => "must be a string",
        JsonShape.Number => "must be a number",
        JsonShape.FiniteNumber => "must be a finite number",
        _ => "must be true or false",
    };
}

public sealed record ValueRequired : Text
{
    public override string Code => "required";
    public override string Ja => "必須です";
    public override string En => "is required";
}

public sealed record MustNotBeEmpty : Text
{
    public override string Code => "empty";
    public override string Ja => "空にはできません";
    public override string En => "must not be empty";
}

public sealed record MustMatch(string Pattern) : Text
{
    public override string Code => "pattern";
    public override string Ja => $"{Pattern} の形式にしてください";
    public override string En => $"must match {Pattern}";
}

public sealed record NotAFiscalYear : Text
{
    public override string Code => "not-a-fiscal-year";
    public override string Ja => $"年度（{Say.Number(FiscalYear.MinYear)}〜{Say.Number(FiscalYear.MaxYear)} の整数、西暦）にしてください";
    public override string En => $"must be a fiscal year (an integer from {Say.Number(FiscalYear.MinYear)} to {Say.Number(FiscalYear.MaxYear)})";
}

public sealed record NotAnIntegerAmount : Text
{
    public override string Code => "not-an-integer-amount";
    public override string Ja => "金額は整数（千円）にしてください";
    public override string En => "must be an integer amount";
}

public sealed record NegativeAmount : Text
{
    public override string Code => "negative";
    public override string Ja => "負の値にはできません";
    public override string En => "must not be negative";
}

public sealed record NoPillars : Text
{
    public override string Code => "no-pillars";
    public override string Ja => "基本方針を1つ以上記載してください";
    public override string En => "must list at least one pillar (基本方針)";
}

/// <summary>What an id names, for the duplicate-id message.</summary>
public enum IdOf
{
    Pillar,
    Measure,
    Kpi,
    ScheduleItem,
}

public sealed record DuplicateId(IdOf What, string Id, string FirstAt) : Text
{
    public override string Code => "duplicate-id";
    public override string Ja => $"{WhatJa}の id '{Id}' が重複しています（最初は {FirstAt}）";
    public override string En => $"duplicate {WhatEn} id '{Id}' (first at {FirstAt})";

    private string WhatJa => What switch
    {
        IdOf.Pillar => "基本方針",
        IdOf.Measure => "施策",
        IdOf.Kpi => "数値目標",
        _ => "工程",
    };

    private string WhatEn => What switch
    {
        IdOf.Pillar => "pillar",
        IdOf.Measure => "measure",
        IdOf.Kpi => "KPI",
        _ => "schedule item",
    };
}

/// <summary>A span that starts after it ends: this year may not come after <paramref name="Field"/> (<paramref name="Year"/>).</summary>
public sealed record YearAfter(string Field, int? Year) : Text
{
    public override string Code => "year-after";
    public override string Ja => $"{Field}（{(Year is { } y ? Say.Number(y) : "")}）より後にはできません";
    public override string En => $"must not be after {Field} ({(Year is { } y ? Say.Number(y) : "")})";
}

public sealed record UnsupportedAmountUnit : Text
{
    public override string Code => "amount-unit";
    public override string Ja => "\"千円\" にしてください（v1 で扱える単位は千円だけです）";
    public override string En => "must be \"千円\" (the only unit v1 supports)";
}

public sealed record NotAMunicipalityCode : Text
{
    public override string Code => "municipality-code";
    public override string Ja => "null か 6 桁の全国地方公共団体コードにしてください";
    public override string En => "must be null or the 6-digit 全国地方公共団体コード";
}

public sealed record NotAnAdoptedDate : Text
{
    public override string Code => "adopted-date";
    public override string Ja => "YYYY-MM か YYYY-MM-DD の日付にしてください";
    public override string En => "must be a date as YYYY-MM or YYYY-MM-DD";
}

public sealed record UnknownPillar(string Pillar) : Text
{
    public override string Code => "unknown-pillar";
    public override string Ja => $"基本方針 '{Pillar}' は pillars にありません";
    public override string En => $"unknown pillar '{Pillar}'";
}

public sealed record MilestoneTargetValue : Text
{
    public override string Code => "milestone-target-value";
    public override string Ja => "達成型の指標の目標に value は書きません（達成することが目標です）";
    public override string En => "must be absent: a milestone's target is being done";
}

/// <summary>A word <paramref name="Field"/> does not know; <paramref name="Expected"/> lists the ones it does.</summary>
public sealed record UnknownChoice(string Field, string Value, IReadOnlyList<string> Expected) : Text
{
    public override string Code => "unknown-choice";
    public override string Ja => $"'{Value}' は {Field} に使えません（{string.Join(" | ", Expected)} のどれか）";
    public override string En => $"unknown {Field} '{Value}' (expected {string.Join(" | ", Expected)})";
}

public sealed record DuplicateBudgetYear(int Year, string FirstAt) : Text
{
    public override string Code => "duplicate-budget-year";
    public override string Ja => $"事業費の年度 {new FiscalYear(Year).Display} が重複しています（最初は {FirstAt}）";
    public override string En => $"duplicate budget year {Say.Number(Year)} (first at {FirstAt})";
}

public sealed record AbsentWhenUndetermined : Text
{
    public override string Code => "absent-when-undetermined";
    public override string Ja => "事業費が未定（undetermined）の年度には書けません";
    public override string En => "must be absent when the year is undetermined";
}

/// <summary>A warning, not an error: real plans set targets and budgets beyond their own period.</summary>
public sealed record OutsidePlanPeriod(int Year, int From, int To) : Text
{
    public override string Code => "outside-plan-period";
    public override string Ja => $"{new FiscalYear(Year).Display}は計画期間（{new FiscalYear(From).Display}〜{new FiscalYear(To).Display}）の外にあります。記載どおりに保存しました";
    public override string En => $"FY{Say.Number(Year)} lies outside the plan period FY{Say.Number(From)}–FY{Say.Number(To)}; kept as printed";
}
