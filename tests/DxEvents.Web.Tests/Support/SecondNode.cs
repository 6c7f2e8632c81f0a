using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Web.Tests.Support;

/// <summary>
/// Another node of the service on the same database, on Kestrel on its own loopback port, as DXEVENTS_CLUSTER=on runs two
/// machines: it shares nothing with the first but PostgreSQL. Its daemon stays off, the first node's seals the chain.
/// </summary>
public sealed class SecondNode(string connectionString) : WebApplicationFactory<Program>
{
    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DXEVENTS_DB", connectionString);
        if (DxEvents.Testing.PostgresDatabase.OwnerFor(connectionString) is { } owner)
            builder.UseSetting("DXEVENTS_OWNER_DB", owner);
        builder.UseSetting("DXEVENTS_DAEMON", "off");
    }

    public static SecondNode Start(string connectionString)
    {
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        var node = new SecondNode(connectionString);
        node.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        node.StartServer();
        node.BaseUrl = node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return node;
    }
}
