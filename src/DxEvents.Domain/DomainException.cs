using DxEvents.Domain.Texts;

namespace DxEvents.Domain;

/// <summary>What kind of refusal: the thing is not there, the command conflicts with what is recorded, or a rule is broken.</summary>
public enum DomainErrorKind
{
    /// <summary>The stream or the item the command names does not exist.</summary>
    NotFound,

    /// <summary>The command is valid in itself but clashes with the current state.</summary>
    Conflict,

    /// <summary>The command is invalid whatever the state.</summary>
    RuleBroken,

    /// <summary>The caller's role may send the command, but not on this item (an office reviewing its own figure).</summary>
    Forbidden,
}

/// <summary>The one exception Decide throws. <see cref="Field"/> is the camelCase request field at fault; <see cref="Error"/>
/// says what is wrong, with a stable code and in both languages (the message is its English, for logs).</summary>
public sealed class DomainException(DomainErrorKind kind, string field, Text error) : Exception(error.En)
{
    public DomainErrorKind Kind { get; } = kind;

    public string Field { get; } = field;

    public Text Error { get; } = error;

    public static DomainException NotFound(string field, Text error) => new(DomainErrorKind.NotFound, field, error);

    public static DomainException Conflict(string field, Text error) => new(DomainErrorKind.Conflict, field, error);

    public static DomainException RuleBroken(string field, Text error) => new(DomainErrorKind.RuleBroken, field, error);

    public static DomainException Forbidden(string field, Text error) => new(DomainErrorKind.Forbidden, field, error);
}
