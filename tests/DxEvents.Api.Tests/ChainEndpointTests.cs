using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>GET /audit/verify and /audit/export over HTTP; the chain itself is proven in the store's and the CLI's tests.</summary>
public sealed class ChainEndpointTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Verify_answers_the_head_and_count_and_after_tampering_the_first_broken_position()
    {
        var town = await api.NewTownAsync();
        await api.ProjectedAsync();
        var events = await town.HistoryAsync();
        var status = await town.ReadAsync("/plans/mima-dx/status", Roles.Headquarters);
        var headquarters = await town.ReadAsync("/headquarters/status", Roles.Headquarters);

        var intact = await town.ReadAsync("/audit/verify", Roles.Auditor);
        await api.AdminSqlAsync("""
            UPDATE dxevents.mt_events SET data = jsonb_set(data, '{title}', '"改ざん"')
            WHERE seq_id = (SELECT seq_id FROM dxevents.dx_chain WHERE tenant_id = $1 AND position = 3)
            """, town.Tenant);
        var broken = await town.ReadAsync($"/audit/verify?head={intact.GetProperty("head").Text("hash")}", Roles.Auditor);

        Assert.Equal((true, events.Count), (intact.GetProperty("ok").GetBoolean(), intact.GetProperty("count").GetInt32()));
        Assert.Equal(status.GetProperty("chain").GetRawText(), intact.GetProperty("head").GetRawText());
        Assert.Equal(headquarters.GetProperty("chain").GetRawText(), intact.GetProperty("head").GetRawText());
        Assert.False(broken.GetProperty("ok").GetBoolean());
        Assert.Equal((3, "altered"), (broken.GetProperty("break").GetProperty("position").GetInt32(), broken.GetProperty("break").Text("kind")));
        Assert.Equal(2, broken.GetProperty("count").GetInt32());
        Assert.False(broken.GetProperty("pinned").GetProperty("extends").GetBoolean());
    }

    [Fact]
    public async Task Export_streams_a_manifest_and_one_line_per_event_and_audit_reads_need_the_audit_role()
    {
        var town = await api.NewTownAsync();
        await api.ProjectedAsync();

        var export = await town.GetAsync("/audit/export", Roles.Auditor);
        var lines = (await export.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var manifest = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement;
        await town.GetAsync("/audit/export", Roles.Headquarters, HttpStatusCode.Forbidden);
        var badHead = await town.GetAsync("/audit/verify?head=abc", Roles.Auditor, HttpStatusCode.BadRequest);

        Assert.Equal("application/x-ndjson", export.ContentType()?.MediaType);
        Assert.Equal(("dxevents.bundle/1", town.Tenant, (await town.HistoryAsync()).Count), (manifest.Text("format"), manifest.Text("municipality"), lines.Length - 1));
        Assert.Equal(lines.Length - 1, manifest.GetProperty("count").GetInt32());
        // The town's keys are in the bundle, in the order they were made.
        Assert.Equal(Roles.All.Select(r => $"test {r}"), lines.Skip(1).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.Text("type") == "ApiKeyCreated").Select(e => e.GetProperty("data").Text("name")));
        await badHead.ProblemAsync("/head");
    }

    [Fact]
    public async Task An_export_right_after_the_writes_waits_for_the_sealer_and_leaves_nothing_out()
    {
        // No wait here: the sealer runs a moment behind, and the export must not hand out a short bundle that verifies.
        var town = await api.NewTownAsync();
        var last = (await town.HistoryAsync())[^1].RecordedAt;

        var cut = await town.GetAsync($"/audit/export?until={Uri.EscapeDataString(last.ToString("O"))}", Roles.Auditor);
        var whole = await town.GetAsync("/audit/export", Roles.Auditor);

        var events = (await town.HistoryAsync()).Count;
        foreach (var export in new[] { cut, whole })
        {
            var lines = (await export.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal((events, events), (System.Text.Json.JsonDocument.Parse(lines[0]).RootElement.GetProperty("count").GetInt32(), lines.Length - 1));
        }
    }
}
