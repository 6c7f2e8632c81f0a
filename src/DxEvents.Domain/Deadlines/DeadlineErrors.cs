using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Deadlines;

// Why DeadlineDecider refuses, in both languages.

public sealed record QuarterOutsidePlan(FiscalQuarter Quarter, int FromFiscalYear, int ToFiscalYear) : Text(
    "quarter-outside-plan",
    $"{Quarter.Display}は計画期間（FY{FromFiscalYear}〜FY{ToFiscalYear}）の外です。",
    $"{Quarter.Display} lies outside the plan's period (FY{FromFiscalYear}–FY{ToFiscalYear}).");

public sealed record DeadlineBeforeQuarterEnds(FiscalQuarter Quarter, DateOnly Due) : Text(
    "deadline-before-quarter-ends",
    $"提出期限{Say.DateJa(Due)}は{Quarter.Display}の末日（{Say.DateJa(Quarter.End)}）より後にしてください。",
    $"The deadline {Say.Date(Due)} must fall after the last day of {Quarter.Display} ({Say.Date(Quarter.End)}).");

public sealed record DeadlineTooLate(FiscalQuarter Quarter, DateOnly Due, DateOnly Latest) : Text(
    "deadline-too-late",
    $"提出期限{Say.DateJa(Due)}は遅すぎます。{Quarter.Display}の提出期限は{Say.DateJa(Latest)}までにしてください。",
    $"The deadline {Say.Date(Due)} is too late: {Quarter.Display}'s deadline must be on or before {Say.Date(Latest)}.");

public sealed record DeadlineUnchanged(FiscalQuarter Quarter, DateOnly Due) : Text(
    "deadline-unchanged",
    $"{Quarter.Display}の提出期限は既に{Say.DateJa(Due)}です。",
    $"{Quarter.Display}'s deadline is already {Say.Date(Due)}.");
