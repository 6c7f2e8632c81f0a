using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using DxEvents.Api.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>The service with the pages for residents held to three reads a minute per client address.</summary>
public sealed class ResidentsLimitHost : ApiHost
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting(WebSetup.ResidentsPerMinuteSetting, "3");
}

/// <summary>Anyone may read the pages for residents, so one client cannot read them without end: past the limit the answer
/// is 429 with Retry-After, a Japanese page, and signed-in readers are not held back.</summary>
public sealed class ResidentsLimitTests(ResidentsLimitHost api) : IClassFixture<ResidentsLimitHost>
{
    [Fact]
    public async Task A_client_reading_the_residents_pages_past_the_limit_gets_429_and_signed_in_reads_go_on()
    {
        var town = await api.NewTownAsync();
        await api.Services.GetRequiredService<ResidentsPage>().OpenAsync(town.Tenant, "test");

        foreach (var path in new[] { $"/residents/{town.Tenant}", $"/residents/{town.Tenant}/plans/mima-dx", "/residents/no-such-town" })
        {
            await api.Host.Scenario(s =>
            {
                s.Get.Url(path);
                s.StatusCodeShouldBe(path.EndsWith("no-such-town", StringComparison.Ordinal) ? 404 : 200);
            });
        }

        var refused = await api.Host.Scenario(s =>
        {
            s.Get.Url($"/residents/{town.Tenant}");
            s.StatusCodeShouldBe(HttpStatusCode.TooManyRequests);
        });
        Assert.InRange(int.Parse(refused.Context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        var page = await refused.ReadAsTextAsync();
        Assert.Contains("アクセスが集中しています", page, StringComparison.Ordinal);
        Assert.DoesNotContain("美馬市DX推進計画", page, StringComparison.Ordinal);

        await town.GetAsync("/plans/mima-dx/status", Roles.Headquarters);
    }
}
