using System.Text.Json;
using DxEvents.Api.Commands;
using DxEvents.Api.Plans;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>A client generated from /openapi/v1.json can make every call: bodies, the key, answers and problems.</summary>
public sealed class OpenApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Every_POST_describes_its_body_by_a_schema_with_required_fields_and_takes_the_bearer_key()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var posts = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name == "post").Select(o => (Path: p.Name, Operation: o.Value)))
            .Where(p => !p.Path.EndsWith("/workbook", StringComparison.Ordinal)).ToList();

        Assert.Equal(12, posts.Count);
        Assert.All(posts, post =>
        {
            var body = post.Operation.GetProperty("requestBody");
            Assert.True(body.GetProperty("required").GetBoolean(), post.Path);
            var schema = Resolve(body.GetProperty("content").GetProperty("application/json").GetProperty("schema"), schemas);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.NotEmpty(schema.GetProperty("required").EnumerateArray());
            Assert.Equal("bearer", Assert.Single(post.Operation.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);
            Assert.True(post.Operation.GetProperty("responses").TryGetProperty("422", out _), post.Path);
        });
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
    }

    [Fact]
    public async Task The_workbook_uploads_take_a_file_and_the_quarter_sheet_states_the_bounds_of_its_year_and_quarter()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/{tenant}/plans/workbook", "/api/{tenant}/plans/{planId}/figures/workbook" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _), path);
            Assert.True(post.GetProperty("responses").TryGetProperty("422", out _), path);
        }
        var parameters = paths.GetProperty("/api/{tenant}/plans/{planId}/figures/workbook").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal((1926, 9998), (parameters["fiscalYear"].GetProperty("minimum").GetInt32(), parameters["fiscalYear"].GetProperty("maximum").GetInt32()));
        Assert.Equal((1, 4), (parameters["quarter"].GetProperty("minimum").GetInt32(), parameters["quarter"].GetProperty("maximum").GetInt32()));
    }

    [Fact]
    public async Task A_figure_is_typed_a_whole_number_a_number_and_text_and_answers_CommandAccepted()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var post = document.GetProperty("paths").GetProperty("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements").GetProperty("post");

        var figure = Resolve(post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"), schemas);
        var properties = figure.GetProperty("properties");
        Assert.Equal(["fiscalYear", "quarter", "value"], figure.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("integer", "integer", "number"), (Type(properties, "fiscalYear"), Type(properties, "quarter"), Type(properties, "value")));
        var answer = post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/CommandAccepted", answer.GetProperty("$ref").GetString());
    }

    [Theory]
    [InlineData("mima")]
    [InlineData("misaki")]
    [InlineData("omitama")]
    public void The_documented_plan_document_schema_fits_every_sample_plan(string sample)
    {
        using var document = JsonDocument.Parse(PlanDocuments.Sample(sample, "t-schema"));

        Assert.Empty(RequestBodyRules.Problems<PlanDocument>(document.RootElement));
    }

    [Fact]
    public void The_plan_document_schema_names_what_a_document_lacks()
    {
        using var document = JsonDocument.Parse("""{ "format": "dxevents.plan/v1", "tenant": "t", "pillars": [], "measures": [ { "id": "m1" } ] }""");

        var pointers = RequestBodyRules.Problems<PlanDocument>(document.RootElement).Select(p => p.Pointer).ToList();

        Assert.Contains("/municipality", pointers);
        Assert.Contains("/plan", pointers);
        Assert.Contains("/measures/0/kpis", pointers);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await api.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        return await response.ReadAsJsonAsync<JsonElement>();
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    private static string? Type(JsonElement properties, string name) => properties.GetProperty(name).GetProperty("type") switch
    {
        { ValueKind: JsonValueKind.String } one => one.GetString(),
        var many => many.EnumerateArray().Select(t => t.GetString()).Single(t => t != "null"),
    };
}
