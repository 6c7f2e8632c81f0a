using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Cli.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Cli.Tests;

/// <summary>dxevents keys create|list|revoke and access grant|revoke|list, run as an operator runs them, against the service's
/// database: each change is an event in the municipality's access stream with the operator as actor, and takes effect on the
/// service's next request.</summary>
public sealed class KeyAndAccessCommandTests(Server server) : IClassFixture<Server>
{
    [Fact]
    public async Task An_operator_creates_lists_and_revokes_a_key_and_the_service_refuses_it_from_then_on()
    {
        var tenant = Mima.NewTenant();

        var created = await RunAsync("keys", "create", "--tenant", tenant, "--role", Roles.Recorder, "--name", "統計システム連携", "--by", "運用担当 佐藤");
        var token = created.Output.Trim().Split('\n')[^1].Trim();
        var id = ApiKeys.Hash(token);
        Assert.StartsWith($"dxk_{tenant}_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(tenant, token));

        var listed = Assert.Single((await RunAsync("keys", "list", "--tenant", tenant)).Rows.Skip(1));
        Assert.Equal((id[..12], "統計システム連携", Roles.Recorder, ""), (listed[0], listed[1], listed[2], listed[5]));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", listed[3]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", listed[4]);

        var unknown = await CliProcess.RunAsync(server.Database.ConnectionString, "keys", "revoke", "--tenant", tenant, "0000000000000");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No such key", unknown.Output, StringComparison.Ordinal);

        await RunAsync("keys", "revoke", "--tenant", tenant, id[..12]);
        var revoked = Assert.Single((await RunAsync("keys", "list", "--tenant", tenant)).Rows.Skip(1));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", revoked[5]);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(tenant, token));

        var again = await CliProcess.RunAsync(server.Database.ConnectionString, "keys", "revoke", "--tenant", tenant, id[..12]);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(
            [("ApiKeyCreated", "運用担当 佐藤"), ("ApiKeyRevoked", $"cli:{Environment.UserName}")],
            await AccessEventsAsync(tenant));
    }

    [Fact]
    public async Task An_operator_grants_changes_and_revokes_a_persons_role_and_each_is_an_event_with_the_operator_as_actor()
    {
        var tenant = Mima.NewTenant();

        await RunAsync("access", "grant", "--tenant", tenant, "--subject", "sub-0042", "--name", "美馬 花子", "--email", "hanako@city.mima.example.jp",
            "--role", Roles.Recorder, "--by", "運用担当 佐藤");
        await RunAsync("access", "grant", "--tenant", tenant, "--subject", "sub-0043", "--name", "美馬 次郎", "--role", Roles.Auditor, "--by", "運用担当 佐藤");
        await RunAsync("access", "grant", "--tenant", tenant, "--subject", "sub-0042", "--name", "美馬 花子", "--email", "hanako@city.mima.example.jp",
            "--role", Roles.Office, "--by", "運用担当 佐藤");

        var people = (await RunAsync("access", "list", "--tenant", tenant)).Rows.Skip(1).OrderBy(r => r[0], StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("sub-0042", "美馬 花子", "hanako@city.mima.example.jp", Roles.Office, "運用担当 佐藤"), ("sub-0043", "美馬 次郎", "", Roles.Auditor, "運用担当 佐藤")],
            people.Select(r => (r[0], r[1], r[2], r[3], r[5])));

        await RunAsync("access", "revoke", "--tenant", tenant, "--subject", "sub-0043");
        Assert.Equal(["sub-0042"], (await RunAsync("access", "list", "--tenant", tenant)).Rows.Skip(1).Select(r => r[0]));

        var refused = await CliProcess.RunAsync(server.Database.ConnectionString, "access", "revoke", "--tenant", tenant, "--subject", "sub-0043");
        Assert.Equal(1, refused.ExitCode);
        var badRole = await CliProcess.RunAsync(server.Database.ConnectionString, "access", "grant", "--tenant", tenant, "--subject", "sub-9",
            "--name", "誰か", "--role", "mayor");
        Assert.NotEqual(0, badRole.ExitCode);

        Assert.Equal(
            [("AccessGranted", "運用担当 佐藤"), ("AccessGranted", "運用担当 佐藤"), ("AccessGranted", "運用担当 佐藤"), ("AccessRevoked", $"cli:{Environment.UserName}")],
            await AccessEventsAsync(tenant));
    }

    /// <summary>A run that must succeed; its output is returned.</summary>
    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliProcess.RunAsync(server.Database.ConnectionString, args);
        Assert.True(run.ExitCode == 0, $"dxevents {string.Join(' ', args)} exited {run.ExitCode}: {run.Output}{run.Errors}");
        return run;
    }

    private async Task<HttpStatusCode> StatusAsync(string tenant, string token)
    {
        var result = await server.Host.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url($"/api/{tenant}/plans");
            s.IgnoreStatusCode();
        });
        return (HttpStatusCode)result.Context.Response.StatusCode;
    }

    private async Task<List<(string Type, string? Actor)>> AccessEventsAsync(string tenant)
    {
        await using var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return [.. (await session.Events.FetchStreamAsync(Domain.StreamIds.Access)).Select(e => (e.EventTypeName, e.UserName))];
    }
}
