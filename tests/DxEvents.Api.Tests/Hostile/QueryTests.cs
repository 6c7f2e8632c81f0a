using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>A query value out of range is a 400 naming the parameter, never a 500: days and instants are held to the
/// supported fiscal years (FY1989–FY2100), a stream id must be one.</summary>
public sealed class QueryTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Theory]
    [InlineData("/plans/mima-dx/status?reportingDate=0001-01-01", "/reportingDate", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/status?reportingDate=9999-12-31", "/reportingDate", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/status?asOf=9999-12-31", "/asOf", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/status?asOf=0001-01-01T00:00:00Z", "/asOf", Roles.Headquarters)]
    [InlineData("/headquarters/status?reportingDate=0001-01-01", "/reportingDate", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/status/export?format=csv&asOf=9999-12-31", "/asOf", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/changes?since=2025-01-01&until=9999-12-31", "/until", Roles.Headquarters)]
    [InlineData("/plans/mima-dx/changes?since=0001-01-01", "/since", Roles.Headquarters)]
    [InlineData("/audit/events?from=0001-01-01", "/from", Roles.Auditor)]
    [InlineData("/audit/events?to=9999-12-31", "/to", Roles.Auditor)]
    [InlineData("/audit/export?until=9999-12-31", "/until", Roles.Auditor)]
    [InlineData("/audit/streams/", "/streamId", Roles.Auditor)]
    [InlineData("/audit/streams/PLAN/MIMA", "/streamId", Roles.Auditor)]
    public async Task A_query_value_out_of_range_is_400_naming_the_parameter(string path, string pointer, string role)
    {
        var town = await api.NewTownAsync();

        await (await town.GetAsync(path, role, HttpStatusCode.BadRequest)).ProblemAsync(pointer);
    }

    [Fact]
    public async Task The_first_and_last_supported_days_are_answered()
    {
        var town = await api.NewTownAsync();

        await town.GetAsync("/plans/mima-dx/status?reportingDate=1989-04-01", Roles.Headquarters);
        await town.GetAsync("/plans/mima-dx/status?reportingDate=2101-03-31", Roles.Headquarters);
    }
}
