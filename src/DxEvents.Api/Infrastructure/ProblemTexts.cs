using DxEvents.Domain.Texts;

namespace DxEvents.Api.Infrastructure;

// What the service's own refusals say, besides the domain's (authentication, concurrency, availability, not found).

public sealed record AuthenticationRequired() : Text(
    "authentication-required",
    "API キーを 'Authorization: Bearer <キー>' で送ってください。キーは 'dxevents keys create' で作成します。",
    "Send an API key as 'Authorization: Bearer <key>'. Keys are made with 'dxevents keys create'.");

public sealed record RoleNotAllowed(string? Role) : Text(
    "role-not-allowed",
    $"役割 '{Role}' のキーではこの操作はできません。",
    $"The role '{Role}' may not do this.");

/// <summary>Another municipality's resources do not exist for a key: the same words as for one that does not exist at all.</summary>
public sealed record MunicipalityNotFound(string? Tenant) : Text(
    "municipality-not-found",
    $"このキーで扱える自治体に '{Tenant}' はありません。",
    $"No municipality '{Tenant}' for this key.");

public sealed record PlanNotFoundHere(string PlanId) : Text(
    "plan-not-found",
    $"この自治体に計画 '{PlanId}' はありません。",
    $"No plan '{PlanId}' in this municipality.");

public sealed record StreamNotFound(string StreamId) : Text(
    "stream-not-found",
    $"この自治体にストリーム '{StreamId}' はありません。",
    $"No stream '{StreamId}' in this municipality.");

/// <summary>If-Match named a version the stream has left (<paramref name="Actual"/> null: it has moved on, how far is unknown).</summary>
public sealed record VersionMismatch(long Expected, long? Actual) : Text(
    "version-mismatch",
    Actual is null
        ? $"If-Match はバージョン {Expected} を指定していますが、ストリームはその後に変更されています。読み込み直してから、もう一度操作してください。"
        : $"If-Match はバージョン {Expected} を指定していますが、ストリームは既にバージョン {Actual} です。読み込み直してから、もう一度操作してください。",
    Actual is null
        ? $"If-Match expected version {Expected}, but the stream has moved on. Reload and try again."
        : $"If-Match expected version {Expected}, but the stream is at version {Actual}. Reload and try again.");

public sealed record ConcurrentChange() : Text(
    "concurrent-change",
    "先に別の変更が記録されたため、何も保存していません。読み込み直してから、もう一度判断してください。",
    "Someone changed this first; nothing was stored. Reload and decide again.");

public sealed record DatabaseUnavailable() : Text(
    "database-unavailable",
    "データベースが混み合っているか、接続できません。Retry-After の秒数だけ待ってから、同じ要求を同じ Idempotency-Key で送り直してください。"
        + "記録済みのコマンドには最初の応答をもう一度返し、まだのものはそのときに記録します。",
    "The database is busy or out of reach. Send the same request again after Retry-After, with the same Idempotency-Key: "
        + "a command that was recorded answers its first answer again, one that was not is recorded then.");

/// <summary>An append still in flight outlived the wait of a report as of a past instant (or an export).</summary>
public sealed record HistoryNotSettled() : Text(
    "history-not-settled",
    "記録中の追加がまだ確定していないため、この報告はまだ確定できません。数秒後にもう一度試してください。",
    "An append still in flight keeps this report from being final; try again in a few seconds.");

public sealed record HistoryPending() : Text(
    "history-pending",
    "この範囲にまだイベントを追加しうるトランザクションが開いています。少し待ってから、もう一度試してください。",
    "A transaction that may still add events to this range is open; try again in a moment.");
