using DxEvents.Domain.Texts;

namespace DxEvents.Api.Infrastructure;

// What the service's own refusals say, besides the domain's (authentication, concurrency, availability, not found).

public sealed record AuthenticationRequired : Text
{
    public override string Code => "authentication-required";
    public override string Ja => "API キーを 'Authorization: Bearer <キー>' で送ってください。キーは 'dxevents keys create' で作成します。";
    public override string En => "Send an API key as 'Authorization: Bearer <key>'. Keys are made with 'dxevents keys create'.";
}

public sealed record RoleNotAllowed(string? Role) : Text
{
    public override string Code => "role-not-allowed";
    public override string Ja => $"役割 '{Role}' のキーではこの操作はできません。";
    public override string En => $"The role '{Role}' may not do this.";
}

/// <summary>Another municipality's resources do not exist for a key: the same words as for one that does not exist at all.</summary>
public sealed record MunicipalityNotFound(string? Tenant) : Text
{
    public override string Code => "municipality-not-found";
    public override string Ja => $"このキーで扱える自治体に '{Tenant}' はありません。";
    public override string En => $"No municipality '{Tenant}' for this key.";
}

public sealed record PlanNotFoundHere(string PlanId) : Text
{
    public override string Code => "plan-not-found";
    public override string Ja => $"この自治体に計画 '{PlanId}' はありません。";
    public override string En => $"No plan '{PlanId}' in this municipality.";
}

public sealed record StreamNotFound(string StreamId) : Text
{
    public override string Code => "stream-not-found";
    public override string Ja => $"この自治体にストリーム '{StreamId}' はありません。";
    public override string En => $"No stream '{StreamId}' in this municipality.";
}

/// <summary>If-Match named a version the stream has left (<paramref name="Actual"/> null: it has moved on, how far is unknown).</summary>
public sealed record VersionMismatch(long Expected, long? Actual) : Text
{
    public override string Code => "version-mismatch";
    public override string Ja => Actual is { } at
        ? $"If-Match はバージョン {Expected} を指定していますが、ストリームは既にバージョン {at} です。読み込み直してから、もう一度操作してください。"
        : $"If-Match はバージョン {Expected} を指定していますが、ストリームはその後に変更されています。読み込み直してから、もう一度操作してください。";
    public override string En => Actual is { } at
        ? $"If-Match expected version {Expected}, but the stream is at version {at}. Reload and try again."
        : $"If-Match expected version {Expected}, but the stream has moved on. Reload and try again.";
}

public sealed record ConcurrentChange : Text
{
    public override string Code => "concurrent-change";
    public override string Ja => "先に別の変更が記録されたため、何も保存していません。読み込み直してから、もう一度判断してください。";
    public override string En => "Someone changed this first; nothing was stored. Reload and decide again.";
}

public sealed record DatabaseUnavailable : Text
{
    public override string Code => "database-unavailable";
    public override string Ja => "データベースが混み合っているか、接続できません。Retry-After の秒数だけ待ってから、同じ要求を同じ Idempotency-Key で送り直してください。"
        + "記録済みのコマンドには最初の応答をもう一度返し、まだのものはそのときに記録します。";
    public override string En => "The database is busy or out of reach. Send the same request again after Retry-After, with the same Idempotency-Key: "
        + "a command that was recorded answers its first answer again, one that was not is recorded then.";
}

/// <summary>An append still in flight outlived the wait of a report as of a past instant (or an export).</summary>
public sealed record HistoryNotSettled : Text
{
    public override string Code => "history-not-settled";
    public override string Ja => "記録中の追加がまだ確定していないため、この報告はまだ確定できません。数秒後にもう一度試してください。";
    public override string En => "An append still in flight keeps this report from being final; try again in a few seconds.";
}

public sealed record HistoryPending : Text
{
    public override string Code => "history-pending";
    public override string Ja => "この範囲にまだイベントを追加しうるトランザクションが開いています。少し待ってから、もう一度試してください。";
    public override string En => "A transaction that may still add events to this range is open; try again in a moment.";
}
