using System.Collections.Immutable;

namespace DxEvents.Domain.Access;

/// <summary>One role per person and per key, in one municipality.</summary>
public static class AccessRoles
{
    public const string Recorder = "recorder";
    public const string Office = "office";
    public const string Auditor = "auditor";
    public const string Headquarters = "headquarters";
    public static readonly IReadOnlyList<string> All = [Recorder, Office, Auditor, Headquarters];
}

public sealed record PersonAccess(string Subject, string DisplayName, string? Email, string Role);

public sealed record KeyAccess(string KeyId, string Name, string Role, bool Revoked);

/// <summary>A municipality's access as its history has it.</summary>
/// <param name="ResidentsPage">Whether its page for residents is published (readable without signing in).</param>
/// <param name="FigureReview">Whether figures recorded now wait for the office's review before they count.</param>
public sealed record AccessState(ImmutableDictionary<string, PersonAccess> People, ImmutableDictionary<string, KeyAccess> Keys, bool ResidentsPage = false,
    bool FigureReview = false)
{
    public static readonly AccessState Empty = new(ImmutableDictionary<string, PersonAccess>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, KeyAccess>.Empty.WithComparers(StringComparer.Ordinal));
}

/// <summary>The rules of granting and revoking access: pure, the state folded from the municipality's access stream.</summary>
public static class AccessDecider
{
    public const int MaxSubject = 255;
    public const int MaxName = 100;
    public const int MaxEmail = 254;

    public static AccessGranted Grant(AccessState state, string? subject, string? displayName, string? email, string? role)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = Required(subject, "subject", "識別子", "subject", MaxSubject);
        var name = Required(displayName, "displayName", "表示名", "display name", MaxName);
        var mail = string.IsNullOrWhiteSpace(email) ? null : Email(email.Trim());
        var r = Role(role);
        if (state.People.TryGetValue(s, out var now) && now == new PersonAccess(s, name, mail, r))
            throw DomainException.Conflict("role", new AlreadyGranted(name, r));
        return new AccessGranted(s, name, mail, r);
    }

    public static AccessRevoked Revoke(AccessState state, string? subject)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = (subject ?? "").Trim();
        return state.People.TryGetValue(s, out var person)
            ? new AccessRevoked(s, person.DisplayName, person.Role)
            : throw DomainException.NotFound("subject", new NoSuchGrant(s));
    }

    public static ApiKeyCreated CreateKey(string keyId, string? name, string? role)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return new ApiKeyCreated(keyId, Required(name, "name", "キーの名前", "key's name", MaxName), Role(role));
    }

    public static ApiKeyRevoked RevokeKey(AccessState state, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (keyId is null || !state.Keys.TryGetValue(keyId, out var key))
            throw DomainException.NotFound("keyId", new NoSuchKey());
        return key.Revoked
            ? throw DomainException.Conflict("keyId", new KeyAlreadyRevoked(key.Name))
            : new ApiKeyRevoked(key.KeyId, key.Name, key.Role);
    }

    public static ResidentsPageOpened OpenResidentsPage(AccessState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ResidentsPage ? throw DomainException.Conflict("residentsPage", new ResidentsPageAlreadyOpen()) : new ResidentsPageOpened();
    }

    public static ResidentsPageClosed CloseResidentsPage(AccessState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ResidentsPage ? new ResidentsPageClosed() : throw DomainException.Conflict("residentsPage", new ResidentsPageAlreadyClosed());
    }

    public static FigureReviewTurnedOn TurnFigureReviewOn(AccessState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.FigureReview ? throw DomainException.Conflict("on", new FigureReviewAlreadyOn()) : new FigureReviewTurnedOn();
    }

    public static FigureReviewTurnedOff TurnFigureReviewOff(AccessState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.FigureReview ? new FigureReviewTurnedOff() : throw DomainException.Conflict("on", new FigureReviewAlreadyOff());
    }

    public static AccessState Evolve(AccessState state, IAccessEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        return e switch
        {
            AccessGranted g => state with { People = state.People.SetItem(g.Subject, new PersonAccess(g.Subject, g.DisplayName, g.Email, g.Role)) },
            AccessRevoked r => state with { People = state.People.Remove(r.Subject) },
            ApiKeyCreated c => state with { Keys = state.Keys.SetItem(c.KeyId, new KeyAccess(c.KeyId, c.Name, c.Role, false)) },
            ApiKeyRevoked r when state.Keys.TryGetValue(r.KeyId, out var key) => state with { Keys = state.Keys.SetItem(r.KeyId, key with { Revoked = true }) },
            ResidentsPageOpened => state with { ResidentsPage = true },
            ResidentsPageClosed => state with { ResidentsPage = false },
            FigureReviewTurnedOn => state with { FigureReview = true },
            FigureReviewTurnedOff => state with { FigureReview = false },
            _ => state,
        };
    }

    public static AccessState Fold(IEnumerable<IAccessEvent> events) => (events ?? []).Aggregate(AccessState.Empty, Evolve);

    private static string Role(string? role) =>
        role is not null && AccessRoles.All.Contains(role) ? role : throw DomainException.RuleBroken("role", new UnknownRole(role ?? ""));

    private static string Required(string? value, string field, string whatJa, string whatEn, int max)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0)
            throw DomainException.RuleBroken(field, new ValueRequired(whatJa, whatEn));
        return v.Length <= max ? v : throw DomainException.RuleBroken(field, new ValueTooLong(whatJa, whatEn, max));
    }

    private static string Email(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var wellFormed = value.Length <= MaxEmail && at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1
            && !value.EndsWith('.') && !value.Any(char.IsWhiteSpace);
        return wellFormed ? value : throw DomainException.RuleBroken("email", new NotAnEmail(value));
    }
}
