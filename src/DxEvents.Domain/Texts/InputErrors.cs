using DxEvents.Domain.Input;

namespace DxEvents.Domain.Texts;

// The rules every Decide shares (Require): a reason, a date not in the future, a fiscal year, a quarter, an amount.

public sealed record ReasonRequired() : Text(
    "reason-required",
    "理由を入力してください。監査で変更の履歴とともに読まれます。",
    "A reason is required: auditors read it in the history.");

public sealed record DateInFuture(DateOnly On, DateOnly Today) : Text(
    "date-in-future",
    $"{Say.DateJa(On)}は未来の日付です（日本時間で今日は{Say.DateJa(Today)}です）。",
    $"{Say.Date(On)} is in the future (today is {Say.Date(Today)} in Japan).");

public sealed record FiscalYearOutOfRange(int Year) : Text(
    "fiscal-year-out-of-range",
    $"{Say.Number(Year)} は年度として扱えません。{Say.Number(Bounds.MinFiscalYear)}〜{Say.Number(Bounds.MaxFiscalYear)} の西暦で指定してください。",
    $"{Say.Number(Year)} is not a fiscal year between {Say.Number(Bounds.MinFiscalYear)} and {Say.Number(Bounds.MaxFiscalYear)}.");

public sealed record QuarterOutOfRange(int Quarter) : Text(
    "quarter-out-of-range",
    $"四半期は 1〜4 で指定してください（第1四半期 4〜6月 … 第4四半期 1〜3月）。{Say.Number(Quarter)} は指定できません。",
    $"Quarter must be 1 to 4 (Q1 Apr–Jun … Q4 Jan–Mar), not {Say.Number(Quarter)}.");

public sealed record AmountNegative(long Amount) : Text(
    "amount-negative",
    $"金額に負の値（{Say.Number(Amount)}）は指定できません。",
    $"Amounts cannot be negative ({Say.Number(Amount)}).");

public sealed record DateOutOfRange(DateOnly On) : Text(
    "date-out-of-range",
    $"{Say.DateJa(On)}は扱える期間（{Say.DateJa(Bounds.FirstDay)}〜{Say.DateJa(Bounds.LastDay)}、{Bounds.MinFiscalYear}〜{Bounds.MaxFiscalYear}年度）の外です。",
    $"{Say.Date(On)} is outside the supported period ({Say.Date(Bounds.FirstDay)} to {Say.Date(Bounds.LastDay)}, FY{Bounds.MinFiscalYear}–FY{Bounds.MaxFiscalYear}).");

public sealed record AmountTooLarge(long Amount) : Text(
    "amount-too-large",
    $"金額 {Say.Number(Amount)} 千円は大きすぎます。1件の金額は {Say.Number(Bounds.MaxAmount)} 千円（100兆円）までです。",
    $"The amount {Say.Number(Amount)} (thousand yen) is too large: at most {Say.Number(Bounds.MaxAmount)} (100 trillion yen).");

public sealed record FigureTooPrecise(string Field, int Decimals) : Text(
    "too-many-decimals",
    $"{Field} は小数点以下 {Decimals} 桁までで指定してください。",
    $"{Field} may have at most {Decimals} decimal places.");

public sealed record NumberOutOfRange(string Field, decimal Min, decimal Max) : Text(
    "number-out-of-range",
    $"{Field} は {Say.Number(Min)}〜{Say.Number(Max)} の範囲で指定してください。",
    $"{Field} must be between {Say.Number(Min)} and {Say.Number(Max)}.");

public sealed record TextTooLong(int Length, int Max) : Text(
    "text-too-long",
    $"{Say.Number(Length)} 文字は長すぎます。{Say.Number(Max)} 文字以内にしてください。",
    $"{Say.Number(Length)} characters is too long: at most {Say.Number(Max)}.");

public sealed record ControlCharacter(string Character) : Text(
    "control-character",
    $"表示できない制御文字（{Character}）が含まれています。取り除いてから送ってください。",
    $"The text contains a control character ({Character}); remove it and send again.");
