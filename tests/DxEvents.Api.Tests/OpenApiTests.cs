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

        Assert.Equal(16, posts.Count);
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
            .Where(p => p.TryGetProperty("name", out _)).ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
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

    [Fact]
    public async Task Schemas_are_described_as_sent_and_shared_models_are_components()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        // TextJsonConverter writes a text as a string, inline: a client that reads {} (or a class behind a $ref) loses every reason.
        Assert.Equal(["null", "string"], schemas.GetProperty("KpiStatusLine").GetProperty("properties").GetProperty("reason").GetProperty("type")
            .EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.False(schemas.TryGetProperty("Text", out _));
        var problem = schemas.GetProperty("ProblemDetails").GetProperty("properties");
        Assert.All(new[] { "code", "field", "errors", "traceId", "links" }, name => Assert.True(problem.TryGetProperty(name, out _), name));
        Assert.Equal("#/components/schemas/ProblemError", problem.GetProperty("errors").GetProperty("items").GetProperty("$ref").GetString());
        Assert.DoesNotContain(Enums(document), e => e.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null));
        var import = document.GetProperty("paths").GetProperty("/api/{tenant}/plans").GetProperty("post").GetProperty("requestBody");
        Assert.Equal("#/components/schemas/PlanDocument", import.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        // KpiKind's values are listed once, in its component, however many schemas use it.
        Assert.Single(Enums(document), e => e.EnumerateArray().Select(v => v.GetString()).SequenceEqual(["level", "flow", "rate", "milestone"]));
        Assert.False(schemas.TryGetProperty("AnswerShape", out _));
        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Fact]
    public async Task Exports_declare_the_content_types_they_answer()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        Assert.Equal(["application/json", "text/csv"], ContentTypes(paths, "/api/{tenant}/plans/{planId}/status/export"));
        Assert.Equal(["application/json", "text/csv"], ContentTypes(paths, "/api/{tenant}/audit/events/export"));
        Assert.Equal(["application/x-ndjson"], ContentTypes(paths, "/api/{tenant}/audit/export"));
        Assert.Equal(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], ContentTypes(paths, "/api/{tenant}/plans/{planId}/status/workbook"));
    }

    [Fact]
    public async Task Every_operation_documents_its_problems_and_a_command_its_headers()
    {
        var document = await DocumentAsync();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();

        Assert.All(operations, o =>
        {
            var responses = o.Operation.GetProperty("responses");
            foreach (var status in new[] { "401", "404", "503" })
                Assert.Equal("#/components/schemas/ProblemDetails", responses.GetProperty(status).GetProperty("content")
                    .GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            Assert.False(o.Operation.TryGetProperty("description", out var d) && d.GetString()!.StartsWith(o.Method.ToUpperInvariant() + "_", StringComparison.Ordinal), o.Path);
        });
        var record = Operation(document, "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements", "post");
        Assert.Equal(["#/components/parameters/IdempotencyKey", "#/components/parameters/IfMatch"],
            References(record).Where(r => r.Contains("Idempotency", StringComparison.Ordinal) || r.Contains("IfMatch", StringComparison.Ordinal)));
        Assert.True(record.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
        Assert.True(record.GetProperty("responses").TryGetProperty("412", out _));
        // The import locks no stream: If-Match means nothing there.
        var import = Operation(document, "/api/{tenant}/plans", "post");
        Assert.DoesNotContain("#/components/parameters/IfMatch", References(import));
        Assert.False(import.GetProperty("responses").TryGetProperty("412", out _));
        // Reads admit every role; the audit log does not.
        Assert.False(Operation(document, "/api/{tenant}/plans/{planId}/status", "get").GetProperty("responses").TryGetProperty("403", out _));
        Assert.True(Operation(document, "/api/{tenant}/audit/events", "get").GetProperty("responses").TryGetProperty("403", out _));
    }

    [Fact]
    public async Task Query_and_route_values_are_typed_as_the_service_reads_them()
    {
        var document = await DocumentAsync();

        var status = Parameters(Operation(document, "/api/{tenant}/plans/{planId}/status", "get"));
        Assert.Equal(("string", "date-time"), (status["asOf"].GetProperty("type").GetString(), status["asOf"].GetProperty("format").GetString()));
        Assert.Equal("date", status["reportingDate"].GetProperty("format").GetString());
        Assert.Equal(["asOf", "current"], status["rules"].GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var events = Parameters(Operation(document, "/api/{tenant}/audit/events", "get"));
        Assert.Equal(("integer", 1, 1000), (events["limit"].GetProperty("type").GetString(), events["limit"].GetProperty("minimum").GetInt32(), events["limit"].GetProperty("maximum").GetInt32()));
        Assert.Equal("integer", events["after"].GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/EventType", events["type"].GetProperty("items").GetProperty("$ref").GetString());
        Assert.Contains("KpiMeasured", document.GetProperty("components").GetProperty("schemas").GetProperty("EventType").GetProperty("enum")
            .EnumerateArray().Select(v => v.GetString()));
        var export = Parameters(Operation(document, "/api/{tenant}/plans/{planId}/status/export", "get"));
        Assert.Equal(["json", "csv"], export["format"].GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["kpis", "budget"], export["table"].GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var correction = Parameters(Operation(document, "/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/corrections", "post"));
        Assert.Equal((1989, 2100), (correction["fiscalYear"].GetProperty("minimum").GetInt32(), correction["fiscalYear"].GetProperty("maximum").GetInt32()));
        Assert.Equal((1, 4), (correction["quarter"].GetProperty("minimum").GetInt32(), correction["quarter"].GetProperty("maximum").GetInt32()));
        // The quarter sheet's upload reads its municipality from the route without binding it; the path names it all the same.
        Assert.True(Parameters(Operation(document, "/api/{tenant}/plans/{planId}/figures/workbook", "post")).ContainsKey("tenant"));
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

    [Fact]
    public async Task The_served_document_has_no_error_and_no_warning_under_Redocly_recommended_rules()
    {
        var redocly = Environment.GetEnvironmentVariable("DXEVENTS_REDOCLY")
            ?? throw new InvalidOperationException("Set DXEVENTS_REDOCLY to Redocly CLI (./ops/test installs it and does).");
        var file = Path.Combine(Path.GetTempPath(), $"dxevents-openapi-{Guid.NewGuid():N}.json");
        // Served to a host of its own, as in production: the lint flags a localhost server, which is the test host's name.
        var response = await api.Host.Scenario(s =>
        {
            s.Get.Url("/openapi/v1.json");
            s.WithRequestHeader("Host", "dxevents.internal");
        });
        await File.WriteAllTextAsync(file, await response.ReadAsTextAsync());
        try
        {
            var (exit, output) = await RunAsync(redocly, "lint", file, "--config", Path.Combine(AppContext.BaseDirectory, "redocly.yaml"), "--format=json");

            using var report = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
            var totals = report.RootElement.GetProperty("totals");
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}").ToList();
            Assert.True(exit == 0, string.Join("\n", problems));
            Assert.Equal((0, 0), (totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        _ = await errors;
        return (process.ExitCode, await output);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await api.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        return await response.ReadAsJsonAsync<JsonElement>();
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static Dictionary<string, JsonElement> Parameters(JsonElement operation) => operation.GetProperty("parameters").EnumerateArray()
        .Where(p => p.TryGetProperty("name", out _)).ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));

    private static List<string> References(JsonElement operation) => [.. operation.GetProperty("parameters").EnumerateArray()
        .Where(p => p.TryGetProperty("$ref", out _)).Select(p => p.GetProperty("$ref").GetString()!)];

    private static List<string> ContentTypes(JsonElement paths, string path) => [.. paths.GetProperty(path).GetProperty("get")
        .GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal)];

    /// <summary>Every enum list anywhere in the document.</summary>
    private static IEnumerable<JsonElement> Enums(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "enum" && p.Value.ValueKind == JsonValueKind.Array
            ? [p.Value] : Enums(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Enums),
        _ => [],
    };

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    private static string? Type(JsonElement properties, string name) => properties.GetProperty(name).GetProperty("type") switch
    {
        { ValueKind: JsonValueKind.String } one => one.GetString(),
        var many => many.EnumerateArray().Select(t => t.GetString()).Single(t => t != "null"),
    };
}
