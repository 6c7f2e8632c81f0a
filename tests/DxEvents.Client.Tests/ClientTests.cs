using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DxEvents.Api.Auth;
using DxEvents.Client.Api.Item.Audit.Events;
using DxEvents.Client.Api.Item.Plans.Item.Changes;
using DxEvents.Client.Api.Item.Plans.Item.Status;
using DxEvents.Client.Api.Item.Plans.Item.Status.Export;
using DxEvents.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace DxEvents.Client.Tests;

/// <summary>
/// The API as an integrator meets it: the client Kiota generated from the served document makes every command and read of the
/// API tour, and nothing the server sent is lost on the way (each answer, written back to JSON by the client, is the JSON the
/// server sent; every reason is there; a problem's code and links are readable from the exception the client throws).
/// </summary>
public sealed class ClientTests(ClientHost api) : IClassFixture<ClientHost>
{
    private const string Plan = "mima-dx";

    [Fact]
    public async Task Every_command_and_read_of_the_tour_through_the_generated_client_loses_nothing_the_server_sent()
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        var (office, officeHttp) = await api.ClientAsync(tenant, Roles.Office);
        var (auditor, auditorHttp) = await api.ClientAsync(tenant, Roles.Auditor);
        var town = office.Api[tenant];

        var imported = await town.Plans.PostAsync((await KiotaJsonSerializer.DeserializeAsync<PlanDocument>(SamplePlan(tenant)))!);
        Assert.Equal(Plan, imported!.PlanId);

        var started = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var start = await town.Plans[Plan].Measures["m04"].Start.PostAsync(
            new StartMeasureRequest { On = new Date(2023, 4, 1), Note = "全課で利用開始" }, c => c.Options.Add(started));
        Assert.Equal($"\"{start!.Version}\"", Assert.Single(started.ResponseHeaders["ETag"]));

        var k04 = town.Plans[Plan].Kpis["k04"];
        var figure = new RecordKpiFigureRequest { FiscalYear = 2025, Quarter = 2, Value = 180 };
        var recorded = await k04.Measurements.PostAsync(figure, c => c.Headers.Add("Idempotency-Key", "k04-2025-q2"));
        var replayed = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var again = await k04.Measurements.PostAsync(figure, c =>
        {
            c.Headers.Add("Idempotency-Key", "k04-2025-q2");
            c.Options.Add(replayed);
        });
        Assert.Equal((recorded!.Version, "true"), (again!.Version, Assert.Single(replayed.ResponseHeaders["Idempotent-Replayed"])));

        // A second figure for the quarter: the problem the client throws carries the code, the field and the link to the correction.
        var taken = await Assert.ThrowsAsync<ProblemDetails>(() => k04.Measurements.PostAsync(
            new RecordKpiFigureRequest { FiscalYear = 2025, Quarter = 2, Value = 186 }));
        Assert.Equal((409, "figure-already-recorded", "quarter"), (taken.ResponseStatusCode, taken.Code, taken.Field));
        Assert.Equal($"/api/{tenant}/plans/{Plan}/kpis/k04/measurements/2025/2/corrections", taken.Links!.AdditionalData["correction"]);
        Assert.False(string.IsNullOrEmpty(taken.Detail));
        Assert.False(string.IsNullOrEmpty(taken.TraceId));
        var stale = await Assert.ThrowsAsync<ProblemDetails>(() => k04.Measurements[2025][2].Corrections.PostAsync(
            new CorrectKpiFigureRequest { Value = 186, Reason = "出先機関の利用者6人を集計漏れ" }, c => c.Headers.Add("If-Match", "\"999\"")));
        Assert.Equal((412, "version-mismatch"), (stale.ResponseStatusCode, stale.Code));

        await k04.Measurements[2025][2].Corrections.PostAsync(new CorrectKpiFigureRequest { Value = 186, Reason = "出先機関の利用者6人を集計漏れ" });
        await town.Plans[Plan].Measures["m04"].Budget[2025].Revisions.PostAsync(new ReviseBudgetRequest
        {
            Total = 1200,
            GeneralFunds = 600,
            Funding = [new FundingLine { Source = "交付金", Amount = 600 }],
            Reason = "9月補正予算",
        });

        await api.ProjectedAsync();
        var status = await town.Plans[Plan].Status.GetAsync(c => c.QueryParameters.ReportingDate = new Date(2025, 10, 15));
        var lines = status!.Status!.Pillars!.SelectMany(p => p.MeasureStatuses!).SelectMany(m => m.Kpis!).ToList();
        Assert.NotEmpty(lines);
        // Reasons are said where a status needs one (the figures of a measure not started, no data yet…); each equals the server's.
        Assert.Contains(lines, line => !string.IsNullOrEmpty(line.Reason));
        await AssertNothingLostAsync(officeHttp, town.Plans[Plan].Status.ToGetRequestInformation(c => c.QueryParameters.ReportingDate = new Date(2025, 10, 15)), status);
        Action<RequestConfiguration<StatusRequestBuilder.StatusRequestBuilderGetQueryParameters>> current = c =>
        {
            c.QueryParameters.ReportingDate = new Date(2025, 10, 15);
            c.QueryParameters.Rules = GetRulesQueryParameterType.Current;
        };
        await AssertNothingLostAsync(officeHttp, town.Plans[Plan].Status.ToGetRequestInformation(current), await town.Plans[Plan].Status.GetAsync(current));

        var headquarters = town.Headquarters.Status.ToGetRequestInformation(c => c.QueryParameters.ReportingDate = new Date(2025, 10, 15));
        await AssertNothingLostAsync(officeHttp, headquarters, await town.Headquarters.Status.GetAsync(c => c.QueryParameters.ReportingDate = new Date(2025, 10, 15)));
        // Until now by the database's clock, which stamps the events (the host's clock is fixed in 2025).
        var until = DateTimeOffset.UtcNow.AddMinutes(1);
        Action<RequestConfiguration<ChangesRequestBuilder.ChangesRequestBuilderGetQueryParameters>> sinceImport = c =>
        {
            c.QueryParameters.Since = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            c.QueryParameters.Until = until;
        };
        var changes = town.Plans[Plan].Changes;
        var changed = await changes.GetAsync(sinceImport);
        Assert.NotEmpty(changed!.Groups!);
        await AssertNothingLostAsync(officeHttp, changes.ToGetRequestInformation(sinceImport), changed);
        await AssertNothingLostAsync(officeHttp, town.Plans[Plan].ToGetRequestInformation(), await town.Plans[Plan].GetAsync());

        var audit = auditor.Api[tenant].Audit;
        Action<RequestConfiguration<EventsRequestBuilder.EventsRequestBuilderGetQueryParameters>> log = c =>
        {
            c.QueryParameters.Stream = $"plan/{Plan}/kpi/k04";
            c.QueryParameters.Type = [EventType.KpiMeasured, EventType.KpiMeasurementCorrected];
            c.QueryParameters.Limit = 100;
        };
        var events = await audit.Events.GetAsync(log);
        Assert.Equal(["KpiMeasured", "KpiMeasurementCorrected"], events!.Events!.Select(e => e.Type));
        await AssertNothingLostAsync(auditorHttp, audit.Events.ToGetRequestInformation(log), events);
        var history = await audit.Streams[$"plan/{Plan}/kpi/k04"].GetAsync();
        Assert.Equal($"plan/{Plan}/kpi/k04", history!.StreamId);
        Assert.True((await audit.Verify.GetAsync())!.Ok);

        var json = await town.Plans[Plan].Status.Export.GetAsync(c => c.QueryParameters.ReportingDate = new Date(2025, 10, 15));
        Assert.Equal(status.ReportDigest, json!.ReportDigest);
        var csv = town.Plans[Plan].Status.Export.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Format = GetFormatQueryParameterType.Csv;
            c.QueryParameters.Table = GetTableQueryParameterType.Budget;
            c.QueryParameters.ReportingDate = new Date(2025, 10, 15);
        });
        // A CSV is a file, not a model: the client builds the request, the HTTP client under it reads the text.
        var table = await officeHttp.GetByteArrayAsync(csv.URI);
        Assert.Equal([0xEF, 0xBB, 0xBF], table[..3]);
        Assert.Contains("m04", Encoding.UTF8.GetString(table), StringComparison.Ordinal);
        var exported = await audit.Events.Export.GetAsync(c => c.QueryParameters.Stream = $"plan/{Plan}/kpi/k04");
        Assert.Equal(events.Events!.Select(e => e.Sequence), exported!.Where(e => e.Type is "KpiMeasured" or "KpiMeasurementCorrected").Select(e => e.Sequence));
        using (var bundle = new StreamReader((await audit.Export.GetAsync())!))
            Assert.Contains("\"format\"", await bundle.ReadLineAsync(), StringComparison.Ordinal);

        // Problems on reads are documented too, so the client throws them with their code rather than a bare ApiException.
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => town.Plans["no-such-plan"].Status.GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.False(string.IsNullOrEmpty(missing.Code));
        var (recorder, _) = await api.ClientAsync(tenant, Roles.Recorder);
        var forbidden = await Assert.ThrowsAsync<ProblemDetails>(() => recorder.Api[tenant].Audit.Events.GetAsync());
        Assert.Equal(403, forbidden.ResponseStatusCode);
        Assert.False(string.IsNullOrEmpty(forbidden.Code));
        var wrong = await Assert.ThrowsAsync<ProblemDetails>(() => audit.Events.GetAsync(c => c.QueryParameters.Limit = 1001));
        Assert.Equal((400, "limit"), (wrong.ResponseStatusCode, wrong.Field));
    }

    /// <summary>The answer the client made, written back to JSON, is the JSON the server sends for the same request: every member
    /// with a value is there with that value (absent and null are the same to a reader).</summary>
    private static async Task AssertNothingLostAsync(HttpClient http, RequestInformation request, IParsable? answer)
    {
        Assert.NotNull(answer);
        using var message = new HttpRequestMessage(HttpMethod.Get, request.URI);
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        var sent = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var read = JsonNode.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(answer!));
        var differences = new List<string>();
        Compare(sent, read, "", differences);
        Assert.True(differences.Count == 0, $"{request.URI}: {string.Join("; ", differences.Take(10))}");
    }

    private static void Compare(JsonNode? sent, JsonNode? read, string path, List<string> differences)
    {
        switch (sent)
        {
            case null:
                if (read is not null)
                    differences.Add($"{path}: null sent, {read.ToJsonString()} read");
                return;
            case JsonObject members:
                foreach (var (name, value) in members)
                    Compare(value, (read as JsonObject)?[name], $"{path}/{name}", differences);
                return;
            case JsonArray items when read is JsonArray readItems && readItems.Count == items.Count:
                for (var i = 0; i < items.Count; i++)
                    Compare(items[i], readItems[i], $"{path}/{i}", differences);
                return;
            case JsonValue value when read is JsonValue other && SameValue(value, other):
                return;
            default:
                differences.Add($"{path}: {sent.ToJsonString()} sent, {read?.ToJsonString() ?? "nothing"} read");
                return;
        }
    }

    /// <summary>The same number, text or instant, however each side writes it (1200 or 1200.0; an offset of Z or +00:00).</summary>
    private static bool SameValue(JsonValue sent, JsonValue read) => (sent.GetValueKind(), read.GetValueKind()) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => sent.GetValue<decimal>() == read.GetValue<decimal>(),
        (JsonValueKind.String, JsonValueKind.String) when sent.GetValue<string>() == read.GetValue<string>() => true,
        (JsonValueKind.String, JsonValueKind.String) => sent.GetValue<string>().Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(sent.GetValue<string>(), CultureInfo.InvariantCulture, out var a)
            && DateTimeOffset.TryParse(read.GetValue<string>(), CultureInfo.InvariantCulture, out var b) && a == b,
        var (s, r) => s == r && JsonNode.DeepEquals(sent, read),
    };

    private static string SamplePlan(string tenant)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sample-data", "mima.plan.json")))!;
        document["tenant"] = tenant;
        return document.ToJsonString();
    }
}
