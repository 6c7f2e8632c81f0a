using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ServiceEndpointTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task The_OpenAPI_document_lists_every_command_path()
    {
        var response = await api.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));

        var paths = (await response.ReadAsJsonAsync<JsonElement>()).GetProperty("paths");
        Assert.All(new[]
        {
            "/api/{tenant}/plans",
            "/api/{tenant}/plans/{planId}",
            "/api/{tenant}/plans/{planId}/status",
            "/api/{tenant}/plans/{planId}/tolerance-revisions",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/start",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/suspend",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/resume",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/complete",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/cancel",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/schedule/{itemId}/complete",
            "/api/{tenant}/plans/{planId}/measures/{measureId}/budget/{fiscalYear}/revisions",
            "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements",
            "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/corrections",
            "/api/{tenant}/plans/{planId}/kpis/{kpiId}/target-revisions",
            "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/confirm",
            "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/return",
            "/api/{tenant}/figure-review",
        }, path => Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document"));
        Assert.True(paths.GetProperty("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_docs_page_serves_HTML()
    {
        var response = await api.Host.Scenario(s =>
        {
            s.Get.Url("/docs/index.html");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });

        Assert.Equal("text/html", response.ContentType()?.MediaType);
        Assert.Contains("swagger", await response.ReadAsTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_docs_root_leads_to_the_HTML_page()
    {
        // Alba does not follow redirects as HttpClient did: follow the one the docs root answers, as a browser would.
        var redirect = await api.Host.Scenario(s =>
        {
            s.Get.Url("/docs");
            s.IgnoreStatusCode();
        });
        Assert.InRange(redirect.Context.Response.StatusCode, 300, 399);
        var page = new Uri(new Uri("http://localhost/docs"), redirect.Header("Location")).PathAndQuery;

        var response = await api.Host.Scenario(s =>
        {
            s.Get.Url(page);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });

        Assert.Equal("text/html", response.ContentType()?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200_without_a_key(string path)
    {
        await api.Host.Scenario(s =>
        {
            s.Get.Url(path);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
            s.ContentShouldBe("Healthy");
        });
    }

    [Fact]
    public async Task Answers_and_problem_details_carry_Japanese_as_UTF8_not_escapes()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 });

        var plan = await town.GetAsync("/plans/mima-dx");
        var refused = await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 186 },
            status: HttpStatusCode.Conflict);
        var (planText, problemText) = (await plan.ReadAsTextAsync(), await refused.ReadAsTextAsync());

        Assert.Contains("\"title\":\"美馬市DX推進計画\"", planText, StringComparison.Ordinal);
        Assert.Contains("令和7年度", problemText, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", planText + problemText, StringComparison.Ordinal);
    }
}
