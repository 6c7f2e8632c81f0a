namespace DxEvents.Domain.Tests;

/// <summary>Given/when/then helpers: events compare by their serialized form because records holding
/// lists do not compare by value.</summary>
internal static class Spec
{
    /// <summary>15 Aug 2025, 10:00 in Japan: inside FY2025 Q2.</summary>
    public static readonly DateTimeOffset Now = new(2025, 8, 15, 10, 0, 0, TimeSpan.FromHours(9));

    public static void ThenEvents(IReadOnlyList<IDomainEvent> actual, params IDomainEvent[] expected) =>
        Assert.Equal(expected.Select(Json), actual.Select(Json));

    public static DomainException ThenRefused(Func<object> when, DomainErrorKind kind, string field)
    {
        var error = Assert.Throws<DomainException>(when);
        Assert.Equal((kind, field), (error.Kind, error.Field));
        return error;
    }

    public static string Json(IDomainEvent e)
    {
        var (type, json) = EventCatalog.Serialize(e);
        return $"{type} {json}";
    }
}
