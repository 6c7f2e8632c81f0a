using DxEvents.Testing;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests.Support;

/// <summary>
/// The real pipeline (auth, problem details, workflow, store) as an Alba host on a fresh PostgreSQL database per test class.
/// Tests share the database but never a municipality: each asks for its own <see cref="Town"/>.
/// </summary>
public class ApiHost : ServiceHost<Program>
{
    public EventStore.EventReads Store => Services.GetRequiredService<EventStore.EventReads>();

    /// <summary>Waits until Marten's daemon has projected and sealed everything committed so far (its own tracking, no sleep), read
    /// through the daemon's store: the request path's role sees no events without a municipality set.</summary>
    public Task ProjectedAsync() =>
        Services.GetRequiredService<EventStore.IDaemonStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    /// <summary>SQL as a database administrator would run it: a superuser, past row-level security and Marten, with the
    /// event table's append-only trigger switched off for the session.</summary>
    public async Task AdminSqlAsync(string sql, params object[] parameters)
    {
        var admin = Database.TamperConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does).");
        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A municipality no other test uses, its keys made (<see cref="Town.KeysAsync"/>), with a plan imported (201)
    /// when <paramref name="sample"/> is given.</summary>
    public async Task<Town> NewTownAsync(string? sample = "mima")
    {
        var town = new Town(this, "t-" + Guid.NewGuid().ToString("N")[..12]);
        await town.KeysAsync();
        if (sample is not null)
            await town.ImportAsync(PlanDocuments.Sample(sample, town.Tenant));
        return town;
    }
}
