using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class IfMatchTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string M01 = "/plans/mima-dx/measures/m01";

    [Fact]
    public async Task A_stale_If_Match_is_412_and_appends_nothing()
    {
        var town = await api.NewTownAsync();
        var stale = (await town.PostAsync($"{M01}/start", new { on = "2025-04-01" })).ETag();
        await town.PostAsync($"{M01}/suspend", new { on = "2025-05-01", reason = "予算凍結" });

        var problem = await town.RefusedAsync(() => town.PostAsync($"{M01}/resume", new { on = "2025-06-01", reason = "再開" },
            status: HttpStatusCode.PreconditionFailed, ifMatch: stale, language: "en"));

        Assert.Contains("version", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_ETag_as_If_Match_succeeds_and_answers_the_next_version()
    {
        var town = await api.NewTownAsync();
        var current = (await town.PostAsync($"{M01}/start", new { on = "2025-04-01" })).ETag();

        var response = await town.PostAsync($"{M01}/suspend", new { on = "2025-05-01", reason = "予算凍結" }, Roles.Recorder, ifMatch: current);

        await town.AcceptedAsync(response, "plan/mima-dx/measure/m01", "MeasureSuspended");
        Assert.Equal($"\"{long.Parse(current!.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) + 1}\"", response.ETag());
    }

    [Fact]
    public async Task A_malformed_If_Match_is_400_and_appends_nothing()
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync($"{M01}/start", new { on = "2025-04-01" }, status: HttpStatusCode.BadRequest, ifMatch: "\"seven\""));
    }

    [Fact]
    public async Task If_Match_star_means_any_version_of_a_stream_that_exists()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync($"{M01}/start", new { on = "2025-04-01" });

        await town.AcceptedAsync(await town.PostAsync($"{M01}/suspend", new { on = "2025-05-01", reason = "予算凍結" }, ifMatch: "*"),
            "plan/mima-dx/measure/m01", "MeasureSuspended");
        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m99/start", new { on = "2025-04-01" },
            status: HttpStatusCode.NotFound, ifMatch: "*"), "/measureId");
    }
}
