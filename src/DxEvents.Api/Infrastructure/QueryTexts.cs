using System.Globalization;
using DxEvents.Domain.Input;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Infrastructure;

// What the reads say about a query parameter they cannot read.

public sealed record RulesChoice() : Text(
    "query-choice",
    "rules には 'asOf'（既定）か 'current' を指定してください。",
    "rules is 'asOf' (default) or 'current'.");

public sealed record FormatChoice() : Text(
    "query-choice",
    "format には 'json'（既定）か 'csv' を指定してください。",
    "format is 'json' (default) or 'csv'.");

public sealed record TableChoice() : Text(
    "query-choice",
    "table には 'kpis'（既定：数値目標ごとに1行）か 'budget'（施策と年度ごとに1行）を指定してください。",
    "table is 'kpis' (default: one row per KPI) or 'budget' (one row per measure and fiscal year).");

public sealed record NotAnInstant(string Field) : Text(
    "query-not-an-instant",
    $"{Field} には日付（yyyy-MM-dd）か ISO 8601 の日時を指定してください。",
    $"{Field} must be a date (yyyy-MM-dd) or an ISO 8601 instant.");

public sealed record NotADate(string Field) : Text(
    "query-not-a-date",
    $"{Field} には yyyy-MM-dd 形式の日付を指定してください。",
    $"{Field} must be a date written yyyy-MM-dd.");

public sealed record SinceRequired() : Text(
    "query-required",
    "since を指定してください。この日時より後の変更を示します（日付だけのときは日本時間のその日の終わり）。",
    "since is required: the instant (or date, meaning its end in Japan) after which changes count.");

/// <summary>A period that ends before it starts: <paramref name="End"/> must come after <paramref name="Start"/> (or may equal it).</summary>
public sealed record PeriodReversed(string Start, string End, bool MayEqual) : Text(
    "query-period-reversed",
    MayEqual ? $"{End} は {Start} より前にはできません。" : $"{End} は {Start} より後にしてください。",
    MayEqual ? $"{End} must not be before {Start}." : $"{End} must be after {Start}.");

public sealed record NotAChainHash() : Text(
    "query-not-a-hash",
    "head にはチェーンのハッシュ値（16進数 64 桁）を指定してください。",
    "head is a chain hash: 64 hexadecimal digits.");

public sealed record UnknownEventTypes(IReadOnlyList<string> Unknown, IReadOnlyList<string> Known) : Text(
    "query-unknown-event-type",
    $"イベントの種類 {string.Join("、", Unknown)} はありません。指定できるのは {string.Join("、", Known)} です。",
    $"Unknown event type {string.Join(", ", Unknown)}; known: {string.Join(", ", Known)}.");

public sealed record NotASequence() : Text(
    "query-not-a-sequence",
    "after には読み終えた最後の連番（前の応答の next）を 0 以上の整数で指定してください。",
    "after is the last sequence already read (the previous answer's next), a whole number ≥ 0.");

public sealed record LimitOutOfRange(int Max, int Default) : Text(
    "query-out-of-range",
    string.Create(CultureInfo.InvariantCulture, $"limit は 1〜{Max} の整数です（既定 {Default}）。"),
    string.Create(CultureInfo.InvariantCulture, $"limit is a whole number from 1 to {Max} (default {Default})."));

public sealed record QueryDateOutOfRange(string Field) : Text(
    "query-out-of-range",
    $"{Field} は {Bounds.FirstDayText}〜{Bounds.LastDayText}（{Bounds.MinFiscalYear}〜{Bounds.MaxFiscalYear}年度）の日付か日時にしてください。",
    $"{Field} must fall between {Bounds.FirstDayText} and {Bounds.LastDayText} (FY{Bounds.MinFiscalYear}–FY{Bounds.MaxFiscalYear}).");

public sealed record NotAStreamId() : Text(
    "query-not-a-stream",
    "ストリームID（例 plan/mima-dx/kpi/k04）を指定してください。英小文字・数字・ハイフンとスラッシュで、200 文字以内です。",
    "A stream id is required (e.g. plan/mima-dx/kpi/k04): lowercase letters, digits, hyphens and slashes, at most 200 characters.");
