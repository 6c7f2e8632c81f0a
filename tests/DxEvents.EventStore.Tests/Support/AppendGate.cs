using DxEvents.Testing;
using Npgsql;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>
/// Holds an append open inside PostgreSQL: a BEFORE INSERT trigger on mt_events waits, for events whose note is
/// "slow" or "doomed", on an advisory lock the test holds; "doomed" then fails, rolling its append back. The append
/// keeps its reserved sequence and its open transaction exactly as a slow production append would. Every wait is
/// bounded: the trigger gives up after lock_timeout, the test's polls after <see cref="Patience"/>.
/// </summary>
internal sealed class AppendGate : IAsyncDisposable
{
    private const long Key = 4_242_424_242;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly NpgsqlConnection _holder;
    private bool _held;

    private AppendGate(NpgsqlConnection holder) => _holder = holder;

    public static async Task<AppendGate> CloseAsync(PostgresDatabase db)
    {
        var holder = await Sql.AdminAsync(db);
        await Sql.ExecuteAsync(holder, $"""
            CREATE OR REPLACE FUNCTION dxevents.dx_test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM set_config('lock_timeout', '30s', true);
              PERFORM pg_advisory_xact_lock_shared({Key});
              IF NEW.data->>'note' = 'doomed' THEN RAISE EXCEPTION 'rolled back on purpose'; END IF;
              RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER dx_test_gate BEFORE INSERT ON dxevents.mt_events FOR EACH ROW
              WHEN (NEW.data->>'note' IN ('slow', 'doomed')) EXECUTE FUNCTION dxevents.dx_test_gate();
            SELECT pg_advisory_lock({Key});
            """);
        return new AppendGate(holder) { _held = true };
    }

    /// <summary>Until <paramref name="count"/> appends wait at the gate.</summary>
    public async Task WaitForAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await Sql.ScalarAsync<long>(_holder,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} append(s) should be waiting at the gate");
            await Task.Delay(20);
        }
    }

    public async Task OpenAsync()
    {
        if (!_held)
            return;
        _held = false;
        await Sql.ExecuteAsync(_holder, $"SELECT pg_advisory_unlock({Key})");
    }

    public async ValueTask DisposeAsync()
    {
        await OpenAsync();
        await _holder.DisposeAsync();
    }
}
