namespace DxEvents.Domain.Fiscal;

/// <summary>"Today" for a municipality is the date in Japan, whatever offset the server clock reports:
/// a recorder entering a figure at 08:00 JST must not be told their date lies in the future.</summary>
public static class JapanDate
{
    // Japan has no daylight saving time, so a fixed offset is exact.
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(JapanOffset).DateTime);
}
