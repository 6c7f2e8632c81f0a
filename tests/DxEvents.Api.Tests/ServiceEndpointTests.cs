using System.Net;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ServiceEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_OpenAPI_document_lists_every_command_path()
    {
        using var response = await api.CreateClient().GetAsync("/openapi/v1.json");

        var paths = (await response.JsonAsync()).GetProperty("paths");
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
        }, path => Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document"));
        Assert.True(paths.GetProperty("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_docs_page_serves_HTML()
    {
        using var response = await api.CreateClient().GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_docs_root_leads_to_the_HTML_page()
    {
        using var response = await api.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200_without_a_key(string path)
    {
        using var response = await api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Answers_and_problem_details_carry_Japanese_as_UTF8_not_escapes()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 });

        using var plan = await town.GetAsync("/plans/mima-dx");
        using var refused = await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 186 });
        var (planText, problemText) = (await plan.Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());

        Assert.Contains("\"title\":\"美馬市DX推進計画\"", planText, StringComparison.Ordinal);
        Assert.Contains("令和7年度", problemText, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", planText + problemText, StringComparison.Ordinal);
    }
}
