namespace DxEvents.Domain.Access;

/// <summary>An event of a municipality's access history (the stream <see cref="StreamIds.Access"/>): who may do what, since
/// when, and who decided it. It belongs to no plan.</summary>
public interface IAccessEvent : IDomainEvent
{
    string IDomainEvent.PlanId => "";
}

/// <summary>A person may act in the role from now on (a grant to someone already granted replaces their role).</summary>
/// <param name="Subject">The identity provider's stable id of the person (the token's subject), never their e-mail.</param>
public sealed record AccessGranted(string Subject, string DisplayName, string? Email, string Role) : IAccessEvent;

public sealed record AccessRevoked(string Subject, string DisplayName, string Role) : IAccessEvent;

/// <param name="KeyId">The SHA-256 of the token (lowercase hex), as the key is stored: the token itself is never kept.</param>
public sealed record ApiKeyCreated(string KeyId, string Name, string Role) : IAccessEvent;

public sealed record ApiKeyRevoked(string KeyId, string Name, string Role) : IAccessEvent;

/// <summary>The municipality's page for residents is published: its plans' progress, readable by anyone without signing in,
/// with no staff names. Off until an office publishes it.</summary>
public sealed record ResidentsPageOpened() : IAccessEvent;

/// <summary>The page for residents is withdrawn: it answers as if it had never existed.</summary>
public sealed record ResidentsPageClosed() : IAccessEvent;

/// <summary>From now on a figure recorded or corrected in this municipality counts in the status only once the office has
/// confirmed it (the office's review, 一次確認). Figures recorded before keep counting as they were recorded.</summary>
public sealed record FigureReviewTurnedOn() : IAccessEvent;

/// <summary>Figures recorded from now on count as recorded again. Figures already waiting keep waiting for the office's
/// decision: they were recorded to be reviewed, and turning the review off does not decide them.</summary>
public sealed record FigureReviewTurnedOff() : IAccessEvent;
