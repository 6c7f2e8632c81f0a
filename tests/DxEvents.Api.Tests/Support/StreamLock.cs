using Npgsql;

namespace DxEvents.Api.Tests.Support;

/// <summary>
/// A barrier for concurrency tests: an administrator holds one stream's row lock while requests are sent, and lets go
/// only once PostgreSQL says that all of them wait for it. Every request has then read the stream before any could
/// append, so a test of concurrent writers cannot pass because they happened to run one after another.
/// </summary>
public sealed class StreamLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _admin;
    private readonly NpgsqlTransaction _hold;

    private StreamLock(NpgsqlConnection admin, NpgsqlTransaction hold) => (_admin, _hold) = (admin, hold);

    public static async Task<StreamLock> HoldAsync(ApiHost api, string tenant, string streamId)
    {
        var admin = new NpgsqlConnection(api.Database.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await admin.OpenAsync();
        var hold = await admin.BeginTransactionAsync();
        await using var lockRow = new NpgsqlCommand("select 1 from dxevents.mt_streams where tenant_id = $1 and id = $2 for update", admin, hold);
        lockRow.Parameters.Add(new() { Value = tenant });
        lockRow.Parameters.Add(new() { Value = streamId });
        await lockRow.ExecuteNonQueryAsync();
        return new StreamLock(admin, hold);
    }

    /// <summary>Until <paramref name="count"/> sessions wait on a lock in this database (no sleep decides it). When
    /// <paramref name="requests"/> end before that, they did not wait for the lock: the failure names what they answered.</summary>
    public async Task WaitedByAsync(int count, Task<Alba.IScenarioResult[]>? requests = null)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (requests is { IsCompleted: true })
            {
                var answers = requests.IsCompletedSuccessfully
                    ? string.Join("\n", (await requests).Select(r => $"{r.Context.Response.StatusCode} {r.ReadAsText()}"))
                    : requests.Exception?.ToString();
                throw new InvalidOperationException($"The requests ended before {count} of them waited for the stream's lock:\n{answers}");
            }
            if (await LockWaitersAsync(_admin, _hold) >= count)
                return;
            await Task.Delay(50);
        }
        await using var sessions = new NpgsqlCommand(
            "select string_agg(coalesce(wait_event_type, '-') || ' ' || coalesce(state, '-') || ' ' || left(query, 80), E'\n') from pg_stat_activity where datname = current_database()",
            _admin, _hold);
        throw new TimeoutException($"Fewer than {count} requests ever waited for the stream's lock. Sessions:\n{await sessions.ExecuteScalarAsync()}");
    }

    /// <summary>The sessions of this database that wait on a lock now. pg_stat_activity is read once per transaction and kept
    /// until it ends, and a barrier's transaction holds the lock: without clearing that snapshot every poll saw the sessions
    /// as they were at the first, and a request that reached the lock after it was never counted (flaky on a loaded machine:
    /// all eight requests of ConcurrentWriteTests timed out as 503, fresh-clone CI 2026-12-07).</summary>
    public static async Task<long> LockWaitersAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using (var fresh = new NpgsqlCommand("select pg_stat_clear_snapshot()", connection, transaction))
            await fresh.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()", connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _hold.RollbackAsync();
        await _hold.DisposeAsync();
        await _admin.DisposeAsync();
    }
}
