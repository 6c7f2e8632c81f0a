using DxEvents.Domain.Fiscal;

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
    $"{Say.Number(Year)} は年度として扱えません。{Say.Number(FiscalYear.MinYear)}〜{Say.Number(FiscalYear.MaxYear)} の西暦で指定してください。",
    $"{Say.Number(Year)} is not a fiscal year between {Say.Number(FiscalYear.MinYear)} and {Say.Number(FiscalYear.MaxYear)}.");

public sealed record QuarterOutOfRange(int Quarter) : Text(
    "quarter-out-of-range",
    $"四半期は 1〜4 で指定してください（第1四半期 4〜6月 … 第4四半期 1〜3月）。{Say.Number(Quarter)} は指定できません。",
    $"Quarter must be 1 to 4 (Q1 Apr–Jun … Q4 Jan–Mar), not {Say.Number(Quarter)}.");

public sealed record AmountNegative(long Amount) : Text(
    "amount-negative",
    $"金額に負の値（{Say.Number(Amount)}）は指定できません。",
    $"Amounts cannot be negative ({Say.Number(Amount)}).");
