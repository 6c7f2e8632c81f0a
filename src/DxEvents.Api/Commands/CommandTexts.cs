using System.Globalization;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Commands;

// What the rules every command follows say: the body (RequestBodyRules), numbers in the path, If-Match, Idempotency-Key,
// and the plan import's own refusals.

public sealed record BodyTooLarge(int MaxBytes) : Text(
    "body-too-large",
    $"本文が {MaxBytes.ToString("#,0", CultureInfo.InvariantCulture)} バイト（1 MiB）を超えています。",
    $"The body is larger than {MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 MiB).");

/// <summary>The parser's own words stay in the English text; the Japanese says where it stopped.</summary>
public sealed record MalformedJson(string ParserMessage, long? Line, long? BytePosition) : Text(
    "malformed-json",
    Line is { } line && BytePosition is { } position
        ? string.Create(CultureInfo.InvariantCulture, $"本文が正しい JSON ではありません（{line + 1} 行目の {position + 1} バイト目）。")
        : "本文が正しい JSON ではありません。",
    $"The body is not valid JSON: {ParserMessage}");

public sealed record BodyNotAnObject() : Text(
    "not-an-object",
    "本文は JSON のオブジェクトにしてください。",
    "The body must be a JSON object.");

public sealed record FieldRequired(string Field) : Text(
    "required",
    $"'{Field}' は必須です。",
    $"'{Field}' is required.");

/// <summary>What a field's schema wants, as RequestBodyRules reads it off the record's JSON schema.</summary>
public enum FieldKind
{
    WholeNumber,
    Number,
    Date,
    String,
    Array,
    Object,
    NotAllowed,
}

public sealed record WrongType(string Field, FieldKind Expected) : Text(
    "wrong-type",
    Expected switch
    {
        FieldKind.WholeNumber => $"'{Field}' は整数にしてください。",
        FieldKind.Number => $"'{Field}' は数値にしてください（NaN や Infinity は数値ではありません）。",
        FieldKind.Date => $"'{Field}' は yyyy-MM-dd 形式の日付にしてください。",
        FieldKind.String => $"'{Field}' は文字列にしてください。",
        FieldKind.Array => $"'{Field}' は配列にしてください。",
        FieldKind.Object => $"'{Field}' はオブジェクトにしてください。",
        _ => $"'{Field}' はここには指定できません。",
    },
    Expected switch
    {
        FieldKind.WholeNumber => $"'{Field}' must be a whole number.",
        FieldKind.Number => $"'{Field}' must be a number (NaN and Infinity are not numbers).",
        FieldKind.Date => $"'{Field}' must be a date written yyyy-MM-dd.",
        FieldKind.String => $"'{Field}' must be a string.",
        FieldKind.Array => $"'{Field}' must be an array.",
        FieldKind.Object => $"'{Field}' must be an object.",
        _ => $"'{Field}' is not allowed here.",
    });

public sealed record OutOfRange(string Field) : Text(
    "out-of-range",
    $"'{Field}' は扱える範囲を超えています。",
    $"'{Field}' is out of range.");

public sealed record PathNotAWholeNumber(string Name, string Value) : Text(
    "path-not-a-whole-number",
    $"パスの '{Value}'（{Name}）は整数ではありません。",
    $"'{Value}' in the path is not a whole number ({Name}).");

public sealed record FundingLineWithoutSource() : Text(
    "funding-source-required",
    "財源の各行に、計画に記載のとおりの財源名（交付金、補助金など）を入れてください。",
    "Each funding line needs its source as printed (交付金, 補助金 …).");

public sealed record MalformedIfMatch() : Text(
    "malformed-if-match",
    "If-Match には、以前の応答の ETag（例 \"3\"）を指定してください。",
    "If-Match must be the ETag of a previous answer, e.g. \"3\".");

public sealed record IdempotencyKeyReused(string Key) : Text(
    "idempotency-key-reused",
    $"Idempotency-Key '{Key}' は別の要求で使われています。新しいキーを使ってください。",
    $"The Idempotency-Key '{Key}' was already used for a different request; use a new key.");

public sealed record DocumentForAnotherMunicipality(string DocumentTenant, string Tenant) : Text(
    "tenant-mismatch",
    $"この文書は自治体 '{DocumentTenant}' のものですが、'{Tenant}' に送られました。",
    $"The document is for '{DocumentTenant}' but was sent to '{Tenant}'.");

public sealed record PlanExists(string StreamId) : Text(
    "plan-exists",
    $"この計画は既にあります（{StreamId}）。計画の変更は取り込み直しではなく、変更ごとのコマンドで行います。",
    $"This plan already exists ({StreamId}); later changes are commands, not a new import.");

public sealed record PredecessorNotFound(string PlanId) : Text(
    "predecessor-not-found",
    $"前期計画 '{PlanId}' はこの自治体にありません。先に前期計画を取り込むか、predecessor の id を確かめてください。",
    $"There is no plan '{PlanId}' in this municipality to follow; import it first or check the predecessor id.");

public sealed record MalformedIdempotencyKey(int MaxLength) : Text(
    "malformed-idempotency-key",
    $"Idempotency-Key は {MaxLength} 文字以内の半角英数字と記号（空白なし、例 UUID）にしてください。",
    $"The Idempotency-Key must be at most {MaxLength} printable ASCII characters without spaces (a UUID, for example).");

public sealed record MalformedCorrelationId(int MaxLength) : Text(
    "malformed-correlation-id",
    $"X-Correlation-Id は {MaxLength} 文字以内の1行（制御文字なし）にしてください。",
    $"The X-Correlation-Id must be one line of at most {MaxLength} characters, without control characters.");

public sealed record UnknownField(string Field) : Text(
    "unknown-field",
    $"'{Field}' という項目はありません。項目名の綴りを確かめてください。",
    $"There is no field '{Field}'; check its spelling.");
