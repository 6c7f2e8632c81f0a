using DxEvents.Api.Auth;
using Marten;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// Before the first request, after Marten has applied its schema: refuse a role that row-level security would not
/// apply to, and — only when asked — create the documented demo keys and load the sample plans.
/// </summary>
public sealed class Startup(IDocumentStore store, ApiKeys keys, Plans.SamplePlans samples, IConfiguration configuration, ILogger<Startup> logger) : IHostedService
{
    public static readonly IReadOnlyList<(string Tenant, string Role, string Name)> DemoKeys =
    [
        .. new[] { "mima", "misaki", "omitama" }.SelectMany(t => Roles.All.Select(r => (t, r, $"demo {r} ({t})"))),
    ];

    public static string DemoToken(string tenant, string role) => $"dxk_{tenant}_demo-{role}";

    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user", connection);
            if (await command.ExecuteScalarAsync(ct) is true && configuration["DXEVENTS_ALLOW_PRIVILEGED_ROLE"] != "true")
                throw new InvalidOperationException(
                    "DXEVENTS_DB connects as a superuser or a BYPASSRLS role, which row-level security does not apply to. Use an ordinary role.");
        }
        if (configuration["DXEVENTS_DEMO_KEYS"] == "true")
        {
            foreach (var (tenant, role, name) in DemoKeys)
                await keys.CreateAsync(tenant, role, name, DemoToken(tenant, role), ct, actor: "dxevents（デモ用キー）");
            logger.LogWarning("Demo API keys are enabled (DXEVENTS_DEMO_KEYS=true): never in production");
        }
        if (configuration["DXEVENTS_SEED_DIR"] is { Length: > 0 } folder)
            await samples.ImportFolderAsync(folder, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
