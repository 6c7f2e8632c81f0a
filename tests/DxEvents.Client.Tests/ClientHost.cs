using DxEvents.Api.Auth;
using DxEvents.Client;
using DxEvents.Testing;
using Marten.Events;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace DxEvents.Client.Tests;

/// <summary>The real service (auth, problem details, workflow, store) as an Alba host on a fresh PostgreSQL database, and the
/// generated client talking to it through the host's in-memory server, with an API key of one municipality per role.</summary>
public sealed class ClientHost : ServiceHost<Program>
{
    /// <summary>The host name the document is served to: a production one (a localhost server is a lint warning).</summary>
    public const string DocumentHost = "dxevents.internal";

    /// <summary>Waits until Marten's daemon has projected and sealed everything committed so far, so that two reads of a status
    /// (through the client and raw) see the same chain head.</summary>
    public Task ProjectedAsync() =>
        Services.GetRequiredService<global::DxEvents.Api.EventStore.IDaemonStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    /// <summary>The generated client with a key of <paramref name="role"/> in <paramref name="tenant"/> (made on the way), and the
    /// raw HTTP client under it, for comparing what was sent with what the client made of it.</summary>
    public async Task<(DxEventsClient Client, HttpClient Http)> ClientAsync(string tenant, string role)
    {
        var key = await Services.GetRequiredService<ApiKeys>().CreateAsync(tenant, role, $"client {role}");
        // Kiota's own handlers (headers inspection, retry, redirect…) in front of the host's in-memory server, as an integrator's
        // client has them in front of the network.
        var http = KiotaClientFactory.Create(finalHandler: Host.Server.CreateHandler());
        http.BaseAddress = Host.Server.BaseAddress;
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return (new DxEventsClient(adapter), http);
    }
}
