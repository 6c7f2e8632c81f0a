using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain.Tests.Fiscal;

public class FiscalYearTests
{
    [Theory]
    [InlineData("2025-04-01", 2025)] // first day of FY2025
    [InlineData("2026-03-31", 2025)] // last day of FY2025 is in the next calendar year
    [InlineData("2026-01-15", 2025)] // January belongs to the fiscal year that started the previous April
    [InlineData("2025-03-31", 2024)]
    [InlineData("2025-12-31", 2025)]
    public void Of_a_date_is_the_april_to_march_year(string date, int expected) =>
        Assert.Equal(expected, FiscalYear.Of(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Year);

    [Fact]
    public void Start_and_end_span_april_to_march()
    {
        var fy = new FiscalYear(2025);
        Assert.Equal(new DateOnly(2025, 4, 1), fy.Start);
        Assert.Equal(new DateOnly(2026, 3, 31), fy.End);
    }

    [Theory]
    [InlineData(2025, "令和7年度")] // 2018 + 7
    [InlineData(2020, "令和2年度")]
    [InlineData(2019, "令和元年度")] // first year of an era is 元年
    [InlineData(2018, "平成30年度")] // 1988 + 30
    [InlineData(1989, "平成元年度")]
    [InlineData(1988, "昭和63年度")] // 1925 + 63
    public void Wareki_names_the_era(int year, string expected) => Assert.Equal(expected, new FiscalYear(year).Wareki);

    [Fact]
    public void Display_shows_both_calendars() => Assert.Equal("FY2025（令和7年度）", new FiscalYear(2025).Display);

    [Fact]
    public void Years_outside_the_supported_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(1925));
        Assert.False(FiscalYear.IsValid(1925));
        Assert.True(FiscalYear.IsValid(2025));
    }

    [Fact]
    public void Next_and_previous_step_one_year()
    {
        Assert.Equal(2026, new FiscalYear(2025).Next.Year);
        Assert.Equal(2024, new FiscalYear(2025).Previous.Year);
        Assert.True(new FiscalYear(2024) < new FiscalYear(2025));
    }

    [Theory]
    [InlineData("2025-06-30T23:30:00+00:00", "2025-07-01")] // 08:30 JST the next day
    [InlineData("2025-06-30T14:59:59+00:00", "2025-06-30")] // 23:59:59 JST
    [InlineData("2025-07-01T00:10:00+09:00", "2025-07-01")]
    public void Japan_date_reads_the_clock_in_jst(string instant, string expected) =>
        Assert.Equal(
            DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            JapanDate.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
}
