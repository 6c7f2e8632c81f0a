using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DxEvents.Api.Auth;

namespace DxEvents.Benchmarks.Http;

/// <summary>
/// The plan status page against the JSON status answer it shows, on the real service (Release, Production, Kestrel on
/// loopback): the Mima sample with three years of figures (every KPI, FY2023 Q1–FY2025 Q4, recorded over HTTP), the page read
/// with a signed-in session (the cookie from the sign-in form), the JSON with the same role's API key, both at one reporting
/// date, in alternating blocks from one client on one connection each, in the same run. Latency p50 and p99 of each, their
/// ratio (goal: the page ≤ 1.5× the JSON at p50), the service's CPU per request of each, and the size of each answer.
/// </summary>
internal static partial class PageBenchmark
{
    private const string ReportingDate = "2026-04-15";

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = Stats.Option(args, "--iterations", 300);
        var rounds = Stats.Option(args, "--rounds", 3);
        await using var run = await ServiceUnderTest.StartAsync(["mima"], plansEach: 1);
        var figures = await RecordFiguresAsync(run);
        var key = run.Municipalities.Key("mima", Roles.Auditor);
        var planId = Municipalities.PlanId(0);
        using var reader = new Reader(run.Service.BaseAddress);
        await reader.SignInAsync(key);
        var page = new Target("plan status page (HTML)", $"/plans/{planId}?reportingDate={ReportingDate}", null);
        var json = new Target("JSON status answer", $"/api/mima/plans/{planId}/status?reportingDate={ReportingDate}", key);
        Console.WriteLine($"page benchmark: Mima sample, {figures} quarterly figures FY2023 Q1–FY2025 Q4 recorded over HTTP, reporting date {ReportingDate}; "
            + $"{rounds} rounds of {iterations} reads of each after {Warmup} to warm up, alternating blocks; {Environment.ProcessorCount} cores shared by "
            + $"the client, the service and PostgreSQL; service {run.Service.BaseAddress} (Production), database {run.Db.Name}");

        foreach (var target in new[] { page, json })
            for (var i = 0; i < Warmup; i++)
                await reader.ReadAsync(target);
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so that neither always follows the other's garbage.
            foreach (var target in round % 2 == 0 ? new[] { page, json } : [json, page])
            {
                var cpu = run.Service.CpuTime();
                for (var i = 0; i < iterations; i++)
                    target.Samples.Add(await reader.ReadAsync(target));
                target.Cpu.Add((run.Service.CpuTime() - cpu).TotalMilliseconds / iterations);
            }
        }
        await run.Service.StopAsync();
        return Report(page, json);
    }

    private const int Warmup = 30;

    /// <summary>Every KPI's figure for every quarter FY2023 Q1–FY2025 Q4, the way recorders send them (FigureWorkload), four at a time.</summary>
    private static async Task<int> RecordFiguresAsync(ServiceUnderTest run)
    {
        const int clients = 4;
        var workload = new FigureWorkload(run.Slots, clients, "page");
        var perClient = run.Slots.Count * FigureWorkload.Quarters / clients;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var n = 0; n < perClient; n++)
            {
                var command = workload.At(client, n);
                var answer = await run.Api.PostAsync(run.RecorderKey(command), command);
                if (!answer.Acknowledged)
                    throw new InvalidOperationException($"Recording a figure answered {answer.Status}: {command.Path}");
            }
        }));
        return perClient * clients;
    }

    private static int Report(Target page, Target json)
    {
        Console.WriteLine();
        foreach (var target in new[] { page, json })
        {
            var (p50, p99) = target.Percentiles();
            Console.WriteLine($"{target.Name,-26} p50 {p50,7:F2} ms   p99 {p99,7:F2} ms   service CPU {Stats.Median(target.Cpu),6:F2} ms per read   "
                + $"{target.Bytes / 1024.0,6:F1} KiB");
        }
        var (pageP50, pageP99) = page.Percentiles();
        var (jsonP50, jsonP99) = json.Percentiles();
        var ratio = pageP50 / jsonP50;
        var cpuRatio = Stats.Median(page.Cpu) / Stats.Median(json.Cpu);
        Console.WriteLine($"ratio page / JSON: p50 {ratio:F2}x, p99 {pageP99 / jsonP99:F2}x, service CPU {cpuRatio:F2}x");
        Console.WriteLine($"goal page p50 <= 1.5x the JSON's: {ratio:F2}x  {Stats.Met(ratio <= 1.5)}");
        Console.WriteLine($"page: p50 {pageP50:F2} ms, p99 {pageP99:F2} ms; JSON: p50 {jsonP50:F2} ms, p99 {jsonP99:F2} ms; {ratio:F2}x at p50, {cpuRatio:F2}x service CPU");
        return 0;
    }

    private sealed record Target(string Name, string Path, string? ApiKey)
    {
        public List<double> Samples { get; } = [];
        public List<double> Cpu { get; } = [];
        public long Bytes { get; set; }

        public (double P50, double P99) Percentiles()
        {
            var sorted = Samples.Order().ToList();
            return (Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99));
        }
    }

    /// <summary>One reader on loopback: the page session's cookie, and the API key where the target has one.</summary>
    private sealed partial class Reader(Uri baseAddress) : IDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        /// <summary>The sign-in form as a person sends it: its antiforgery token, the key; the answer is the session cookie.</summary>
        public async Task SignInAsync(string key)
        {
            var form = await _http.GetStringAsync("/signin");
            var token = AntiforgeryToken().Match(form) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on /signin.");
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Key"] = key, ["__RequestVerificationToken"] = token });
            using var answer = await _http.PostAsync("/signin", content);
            if (answer.StatusCode != HttpStatusCode.Redirect)
                throw new InvalidOperationException($"Sign-in answered {(int)answer.StatusCode}.");
        }

        /// <summary>Milliseconds from sending the request to the last byte of a 200.</summary>
        public async Task<double> ReadAsync(Target target)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target.Path);
            if (target.ApiKey is { } key)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var clock = Stopwatch.StartNew();
            using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await answer.Content.ReadAsByteArrayAsync();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (answer.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{target.Path} answered {(int)answer.StatusCode}.");
            target.Bytes = body.Length;
            return elapsed;
        }

        public void Dispose() => _http.Dispose();

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}
