using DxEvents.Api.Tests.Support;
using Npgsql;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>
/// What a refused request must not leave behind: rows in mt_events (Marten fills the sequence numbers of an append that
/// failed after taking them with tombstone rows) and numbers taken from the event sequence. Read as the superuser, past
/// row-level security, over every municipality of the test database.
/// </summary>
public static class Rows
{
    public static async Task<(long Events, long Sequence)> CountAsync(ApiHost api)
    {
        await using var admin = new NpgsqlConnection(api.Database.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (select count(*) from dxevents.mt_events), (select last_value from dxevents.mt_events_sequence)", admin);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Runs the hostile requests and asserts that the event table and its sequence did not move.</summary>
    public static async Task UnchangedAsync(ApiHost api, Func<Task> hostile)
    {
        ArgumentNullException.ThrowIfNull(hostile);
        var before = await CountAsync(api);
        await hostile();
        Assert.Equal(before, await CountAsync(api));
    }
}
