using DxEvents.Api.Web;
using DxEvents.Api.Web.Charts;

namespace DxEvents.Web.Tests;

/// <summary>The picker's times read as the API reads asOf: a date alone is the end of that day in Japan.</summary>
public sealed class PageTimeTests
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    [Fact]
    public void A_date_alone_is_the_end_of_that_day_in_Japan_and_a_time_is_read_in_Japan()
    {
        Assert.Equal(new DateTimeOffset(2025, 10, 15, 23, 59, 59, Japan).AddTicks(9_999_990), PageTime.Parse("2025-10-15", null, null).AsOf);
        Assert.Equal(new DateTimeOffset(2025, 10, 15, 9, 30, 5, Japan), PageTime.Parse("2025-10-15", "09:30:05", null).AsOf);
        Assert.Equal(new DateTimeOffset(2025, 10, 15, 9, 30, 0, Japan), PageTime.Parse("2025-10-15", "09:30", null).AsOf);
        Assert.Equal(new DateTimeOffset(2025, 10, 15, 0, 30, 0, TimeSpan.Zero), PageTime.Parse("2025-10-15T00:30:00Z", null, null).AsOf);
        Assert.Equal(PageTime.Parse("2025-10-15", null, null).AsOf, PageTime.Parse("2025/10/15", null, null).AsOf);
    }

    [Fact]
    public void The_reporting_date_defaults_to_the_as_of_date_in_Japan_then_today()
    {
        var now = new DateTimeOffset(2025, 11, 20, 16, 0, 0, TimeSpan.Zero); // 21 Nov in Japan
        Assert.Equal(new DateOnly(2025, 11, 21), PageTime.Now.ReportingDateOr(now));
        Assert.Equal(new DateOnly(2025, 10, 15), PageTime.Parse("2025-10-15", null, null).ReportingDateOr(now));
        Assert.Equal(new DateOnly(2025, 9, 30), PageTime.Parse("2025-10-15", null, "2025-09-30").ReportingDateOr(now));
    }

    [Theory]
    [InlineData("10/15", null, null)]
    [InlineData("2025-10-15", "9時", null)]
    [InlineData(null, null, "昨日")]
    public void Wrong_input_is_said_in_Japanese_and_shows_the_latest(string? asOf, string? time, string? reportingDate)
    {
        var parsed = PageTime.Parse(asOf, time, reportingDate);
        Assert.Null(parsed.AsOf);
        Assert.Contains("入力してください", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_query_carries_the_times_to_the_next_page_and_the_picker_shows_them_back()
    {
        var parsed = PageTime.Parse("2025-10-15", "09:30:05", "2025-09-30");
        Assert.Equal("?asOf=2025-10-15T00%3A30%3A05Z&reportingDate=2025-09-30", parsed.Query());
        var again = PageTime.Parse("2025-10-15T00:30:05Z", null, "2025-09-30");
        Assert.Equal((parsed.AsOf, "2025-10-15", "09:30:05"), (again.AsOf, again.DateValue, again.TimeValue));
        Assert.Equal("", PageTime.Parse("2025-10-15", null, null).TimeValue);
        Assert.Equal("", PageTime.Now.Query());
    }

    [Theory]
    [InlineData(252, 300, 100)]
    [InlineData(240293, 300000, 100000)]
    [InlineData(1.05, 1.5, 0.5)]
    [InlineData(0, 1, 0.25)]
    [InlineData(20, 20, 5)]
    public void Chart_scales_step_in_round_numbers(double value, double max, double step) =>
        Assert.Equal((max, step), Svg.Scale(value));
}
