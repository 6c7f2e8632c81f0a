using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace DxEvents.Api.Tests;

/// <summary>The service with one database connection, which a waiting command holds, and a one-second wait for it.</summary>
public sealed class OneConnectionApiHost : ApiHost
{
    // One connection; the wait for it is 5 s, not 1: while the host starts, Wolverine's agents borrow that one connection
    // now and then, and on a loaded machine (the suite's classes run in parallel) a 1-s wait made the start-up check time
    // out (CI, 2026-12-07). The test needs only that a second command finds none within the wait.
    protected override void Configure(IWebHostBuilder builder) =>
        builder.UseSetting("DXEVENTS_DB", Database.ConnectionString + ";Maximum Pool Size=1;Timeout=5");
}

public sealed class DatabaseUnavailableTests(OneConnectionApiHost api) : IClassFixture<OneConnectionApiHost>
{
    [Fact]
    public async Task With_no_connection_to_be_had_a_command_is_503_with_Retry_After_and_stores_nothing_and_the_waiting_one_completes()
    {
        var town = await api.NewTownAsync();
        // An administrator holds k04's stream row: the first command takes the only connection and waits for that lock.
        await using var admin = new NpgsqlConnection(api.Database.AdminConnectionString);
        await admin.OpenAsync();
        await using var hold = await admin.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("select 1 from dxevents.mt_streams where tenant_id = $1 and id = 'plan/mima-dx/kpi/k04' for update", admin, hold))
        {
            lockRow.Parameters.Add(new() { Value = town.Tenant });
            await lockRow.ExecuteNonQueryAsync();
        }
        var waiting = town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);
        await LockWaitedAsync(admin, hold);

        var refused = await town.PostAsync("/plans/mima-dx/kpis/k05/measurements", new { fiscalYear = 2025, quarter = 2, value = 3 }, Roles.Recorder,
            HttpStatusCode.ServiceUnavailable);

        Assert.Equal("2", refused.Context.Response.Headers.RetryAfter.ToString());
        var problem = await refused.ProblemAsync();
        Assert.Equal(("Database unavailable", "database-unavailable"), (problem.Text("title"), problem.Text("code")));
        Assert.StartsWith("データベースが混み合っているか、接続できません。", problem.Text("detail"), StringComparison.Ordinal);
        await hold.RollbackAsync();
        await waiting;
        Assert.DoesNotContain(await town.StreamAsync("plan/mima-dx/kpi/k05"), e => e.EventType == "KpiMeasured");
    }

    /// <summary>Until a session waits on the held lock (PostgreSQL says so; no sleep decides it).</summary>
    private static async Task LockWaitedAsync(NpgsqlConnection admin, NpgsqlTransaction hold)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await StreamLock.LockWaitersAsync(admin, hold) > 0)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The first command never waited for the lock.");
    }
}
