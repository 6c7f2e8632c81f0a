using System.CommandLine;
using System.Text;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Cli.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Cli.Tests;

/// <summary>Who could do what is in the municipality's bundle, sealed like everything else, and verifies offline.</summary>
public sealed class AccessBundleTests(Server server) : IClassFixture<Server>
{
    [Fact]
    public async Task Grants_and_key_events_are_in_the_bundle_with_their_actors_and_it_verifies_offline()
    {
        var tenant = Mima.NewTenant();
        var auditor = await server.CallerAsync(tenant, Roles.Auditor);
        var keys = server.Services.GetRequiredService<ApiKeys>();
        var people = server.Services.GetRequiredService<PeopleAccess>();
        var token = await keys.CreateAsync(tenant, Roles.Recorder, "統計システム連携", actor: "美馬 花子（sub-0001）");
        await people.GrantAsync(tenant, "sub-0002", "美馬 次郎", "jiro@city.mima.example.jp", Roles.Recorder, "美馬 花子（sub-0001）");
        await people.RevokeAsync(tenant, "sub-0002", "美馬 花子（sub-0001）");
        await keys.RevokeAsync(tenant, ApiKeys.Hash(token), "cli:operator");
        await server.SealedAsync();

        var bundle = await Mima.ExportAsync(auditor, tenant, null);
        var events = (await File.ReadAllLinesAsync(bundle, Encoding.UTF8)).Skip(1).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var access = events.Where(e => e.GetProperty("stream").GetString() == "access").ToList();
        Assert.Equal(
            [("ApiKeyCreated", "dxevents"), ("ApiKeyCreated", "美馬 花子（sub-0001）"), ("AccessGranted", "美馬 花子（sub-0001）"),
                ("AccessRevoked", "美馬 花子（sub-0001）"), ("ApiKeyRevoked", "cli:operator")],
            access.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("metadata").GetProperty("userName").GetString())));
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(bundle), StringComparison.Ordinal);

        var exit = await new RootCommand { VerifyCommand.Create() }.Parse(["verify", bundle]).InvokeAsync();
        Assert.Equal(0, exit);
    }
}
