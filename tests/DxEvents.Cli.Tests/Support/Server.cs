using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Testing;
using Marten.Events;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Cli.Tests.Support;

/// <summary>The real service as an Alba host on a fresh PostgreSQL database (PlanViews names the service's assembly).</summary>
public sealed class Server : ServiceHost<PlanViews>
{
    /// <summary>Waits, by Marten's own tracking (never a sleep), until the async daemon has passed every event appended so
    /// far: the chain sealer included, so every event is in dx_chain and an export carries all of them. The daemon runs
    /// in this host on the daemon store (the cross-tenant role), whose statistics see every municipality's events.</summary>
    public Task SealedAsync() =>
        Services.GetRequiredService<IDaemonStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    /// <summary>SQL as a database administrator (superuser: row-level security does not apply), to look at or tamper with rows.</summary>
    public async Task<T> AdminScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await AdminAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The superuser with the event table's append-only trigger off for the session, as a tampering administrator.</summary>
    public async Task<NpgsqlConnection> AdminAsync()
    {
        var connection = new NpgsqlConnection(Database.TamperConnectionString
            ?? throw new InvalidOperationException("DXEVENTS_DB_ADMIN is not set: these tests tamper with rows as a superuser."));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A new key for the role in the municipality, to send requests with.</summary>
    public async Task<Caller> CallerAsync(string tenant, string role) =>
        new(Host, await Services.GetRequiredService<ApiKeys>().CreateAsync(tenant, role, $"replay test {role}"));
}

/// <summary>Two JSON documents compared field by field; a difference is reported with its path.</summary>
public static class JsonCompare
{
    public static void Equal(JsonElement expected, JsonElement actual, string path = "$")
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} on the server, {actual.ValueKind} in the replay");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name)),
                    $"{path}: fields {string.Join(",", names)} on the server, {string.Join(",", actual.EnumerateObject().Select(p => p.Name))} in the replay");
                foreach (var name in names)
                    Equal(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} items on the server, {actual.GetArrayLength()} in the replay");
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    Equal(expected[i], actual[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: {expected.GetRawText()} on the server, {actual.GetRawText()} in the replay");
                break;
        }
    }

    /// <summary>How many scalar values a document holds, so a test can say it compared something substantial.</summary>
    public static int Leaves(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Sum(p => Leaves(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Sum(Leaves),
        _ => 1,
    };
}
