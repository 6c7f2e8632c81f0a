using System.Globalization;
using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain.Tests.Fiscal;

public class FiscalQuarterTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1, "2025-04-01", "2025-06-30")]
    [InlineData(2, "2025-07-01", "2025-09-30")]
    [InlineData(3, "2025-10-01", "2025-12-31")]
    [InlineData(4, "2026-01-01", "2026-03-31")] // Q4 lies in the next calendar year
    public void Quarters_of_fy2025(int number, string start, string end)
    {
        var q = new FiscalQuarter(2025, number);
        Assert.Equal(D(start), q.Start);
        Assert.Equal(D(end), q.End);
    }

    [Theory]
    [InlineData("2025-04-01", 2025, 1)]
    [InlineData("2025-06-30", 2025, 1)]
    [InlineData("2025-07-01", 2025, 2)]
    [InlineData("2025-12-31", 2025, 3)]
    [InlineData("2026-01-01", 2025, 4)] // January is Q4 of the previous fiscal year
    [InlineData("2026-03-31", 2025, 4)]
    [InlineData("2026-04-01", 2026, 1)]
    public void Of_a_date(string date, int year, int number) => Assert.Equal(new FiscalQuarter(year, number), FiscalQuarter.Of(D(date)));

    [Theory]
    [InlineData("2025-06-30", 2025, 1)] // Q1 closes on its last day
    [InlineData("2025-06-29", 2024, 4)] // Q1 still open: the last closed is Q4 of FY2024
    [InlineData("2025-04-01", 2024, 4)]
    [InlineData("2026-01-10", 2025, 3)]
    [InlineData("2026-03-31", 2025, 4)]
    public void Last_closed_before_a_date(string date, int year, int number) =>
        Assert.Equal(new FiscalQuarter(year, number), FiscalQuarter.LastClosedBefore(D(date)));

    [Fact]
    public void Previous_and_next_cross_year_boundaries()
    {
        Assert.Equal(new FiscalQuarter(2024, 4), new FiscalQuarter(2025, 1).Previous);
        Assert.Equal(new FiscalQuarter(2026, 1), new FiscalQuarter(2025, 4).Next);
        Assert.Equal(new FiscalQuarter(2025, 3), new FiscalQuarter(2025, 2).Next);
    }

    [Fact]
    public void Ordering_follows_time()
    {
        Assert.True(new FiscalQuarter(2024, 4) < new FiscalQuarter(2025, 1));
        Assert.Equal(1, new FiscalQuarter(2025, 1).Ordinal - new FiscalQuarter(2024, 4).Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Quarter_numbers_are_one_to_four(int number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalQuarter(2025, number));

    [Fact]
    public void Display_shows_both_calendars() =>
        Assert.Equal("FY2019 Q4（令和元年度第4四半期）", new FiscalQuarter(2019, 4).Display);
}
