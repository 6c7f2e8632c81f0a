namespace DxEvents.Domain;

/// <summary>How a broken rule maps onto HTTP: NotFound → 404, Conflict → 409, RuleBroken → 422.</summary>
public enum DomainErrorKind
{
    /// <summary>The stream or the item the command names does not exist.</summary>
    NotFound,

    /// <summary>The command is valid in itself but clashes with the current state.</summary>
    Conflict,

    /// <summary>The command is invalid whatever the state.</summary>
    RuleBroken,
}

/// <summary>The one exception Decide throws. <see cref="Field"/> is the camelCase request field at fault.</summary>
public sealed class DomainException(DomainErrorKind kind, string field, string message) : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;

    public string Field { get; } = field;

    public static DomainException NotFound(string field, string message) => new(DomainErrorKind.NotFound, field, message);

    public static DomainException Conflict(string field, string message) => new(DomainErrorKind.Conflict, field, message);

    public static DomainException RuleBroken(string field, string message) => new(DomainErrorKind.RuleBroken, field, message);
}
