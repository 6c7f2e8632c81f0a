using System.Diagnostics;
using System.Net;
using Alba;
using Marten;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>A key's grant is cached for a few seconds; a revocation reaches every node through PostgreSQL's LISTEN/NOTIFY, and
/// the cache's lifetime bounds what a listener that missed it can serve.</summary>
public sealed class KeyGrantCacheTests(TracedApiHost api, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TracedApiHost>
{
    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_by_another_node_on_the_same_database_within_a_second()
    {
        var town = await api.NewTownAsync();
        var token = await town.NewKeyAsync(Roles.Auditor);
        // The second node keeps grants a minute: only the notification can end this one within the second.
        await using var second = await ApiHost.StartAsync(api.Database.ConnectionString, b =>
        {
            b.UseSetting("DXEVENTS_DAEMON", "off");
            b.UseSetting(KeyGrantCache.TtlSetting, "60");
        });
        var cache = second.Services.GetRequiredService<KeyGrantCache>();
        await Until(() => cache.Listening, TimeSpan.FromSeconds(10));
        await ReadAsync(second, town, token, HttpStatusCode.OK);
        Assert.True(cache.TryGet(ApiKeys.Hash(token), out _, out _));

        await api.Services.GetRequiredService<ApiKeys>().RevokeAsync(town.Tenant, ApiKeys.Hash(token), "test");
        // Timed on the cache itself, not on requests whose own latency a loaded machine stretches.
        await Until(() => !cache.TryGet(ApiKeys.Hash(token), out _, out _), TimeSpan.FromSeconds(1));

        await ReadAsync(second, town, token, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_revoked_while_the_listener_is_cut_off_is_refused_within_the_caches_lifetime()
    {
        var town = await api.NewTownAsync();
        var token = await town.NewKeyAsync(Roles.Auditor);
        var cache = api.Services.GetRequiredService<KeyGrantCache>();
        await Until(() => cache.Listening, TimeSpan.FromSeconds(10));
        await ReadAsync(api.Host, town, token, HttpStatusCode.OK);
        Assert.True(cache.TryGet(ApiKeys.Hash(token), out _, out _));

        // The listener is cut off again and again while another process (the CLI, with no cache) revokes the key.
        using var cutting = new CancellationTokenSource();
        var cutter = Task.Run(async () =>
        {
            while (!cutting.IsCancellationRequested)
            {
                await api.AdminSqlAsync("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()",
                    KeyGrantCache.ApplicationName);
                await Task.Delay(5);
            }
        });
        await Task.Delay(200);
        await new ApiKeys(api.Services.GetRequiredService<IDocumentStore>()).RevokeAsync(town.Tenant, ApiKeys.Hash(token), "cli:test");
        await Task.Delay(200);
        await cutting.CancelAsync();
        await cutter;

        await RefusedAsync(api.Host, town, token, cache.Ttl);
    }

    [Fact]
    public async Task A_key_revoked_with_no_notification_at_all_is_refused_once_its_grant_expires()
    {
        var town = await api.NewTownAsync();
        var token = await town.NewKeyAsync(Roles.Auditor);
        var cache = api.Services.GetRequiredService<KeyGrantCache>();
        await Until(() => cache.Listening, TimeSpan.FromSeconds(10));
        await ReadAsync(api.Host, town, token, HttpStatusCode.OK);

        // A database administrator revokes by hand: no command, no notification.
        await api.AdminSqlAsync("update dxevents.mt_doc_apikey set data = jsonb_set(data, '{revokedAt}', to_jsonb(now())) where id = $1",
            ApiKeys.Hash(token));
        await ReadAsync(api.Host, town, token, HttpStatusCode.OK);

        await RefusedAsync(api.Host, town, token, cache.Ttl + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_request_with_a_key_already_seen_sends_no_statement_for_the_key()
    {
        var town = await api.NewTownAsync();
        var token = await town.NewKeyAsync(Roles.Auditor);
        await Until(() => api.Services.GetRequiredService<KeyGrantCache>().Listening, TimeSpan.FromSeconds(10));

        var first = await StatementsAsync(town, token);
        var second = await StatementsAsync(town, token);

        output.WriteLine($"statements: first read {first.Count}, second {second.Count}:\n  {string.Join("\n  ", second)}");
        Assert.Contains(first, sql => sql.Contains("mt_doc_apikey", StringComparison.Ordinal));
        Assert.DoesNotContain(second, sql => sql.Contains("mt_doc_apikey", StringComparison.Ordinal));
        Assert.True(second.Count < first.Count, $"{second.Count} statements after {first.Count}");
    }

    /// <summary>The statements Npgsql sent for one read, found by the trace the request names in its traceparent.</summary>
    private async Task<List<string>> StatementsAsync(Town town, string token)
    {
        var trace = ActivityTraceId.CreateRandom();
        await api.Host.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.WithRequestHeader("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
            s.Get.Url($"/api/{town.Tenant}/plans");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        // The server span ends after the answer is written; the exporter sees it a moment later.
        await Until(() => Spans().Any(s => s.TraceId == trace && s.Kind == ActivityKind.Server), TimeSpan.FromSeconds(5));
        return [.. Spans().Where(s => s.TraceId == trace && s.Source.Name == "Npgsql")
            .Select(s => $"{s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")}")];
    }

    private List<Activity> Spans()
    {
        lock (api.Spans)
            return [.. api.Spans];
    }

    private static Task<IScenarioResult> ReadAsync(IAlbaHost host, Town town, string token, HttpStatusCode status) =>
        host.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url($"/api/{town.Tenant}/plans");
            s.StatusCodeShouldBe(status);
        });

    /// <summary>Reads until the key is refused; fails if it still works after <paramref name="within"/>.</summary>
    private static async Task RefusedAsync(IAlbaHost host, Town town, string token, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await host.Scenario(s =>
            {
                s.WithBearerToken(token);
                s.Get.Url($"/api/{town.Tenant}/plans");
                s.IgnoreStatusCode();
            });
            if (answer.Context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                return;
            Assert.Equal(StatusCodes.Status200OK, answer.Context.Response.StatusCode);
            Assert.True(clock.Elapsed < within, $"The revoked key still worked after {clock.Elapsed.TotalSeconds:F1} s.");
            await Task.Delay(50);
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, "Timed out waiting.");
            await Task.Delay(20);
        }
    }
}
