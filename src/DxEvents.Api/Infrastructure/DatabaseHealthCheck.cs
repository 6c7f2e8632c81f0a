using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DxEvents.Api.Infrastructure;

/// <summary>Ready when every database (the main one and any extra one) answers and Marten's event store is there.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            foreach (var database in await store.Storage.AllDatabases())
                await database.FetchHighestEventSequenceNumber(ct);
            return HealthCheckResult.Healthy("PostgreSQL answers and the event store is there.");
        }
        // Marten wraps Npgsql's failures in its own exceptions: whatever keeps the store from answering means not ready.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable or the event store is missing.", e);
        }
    }
}
