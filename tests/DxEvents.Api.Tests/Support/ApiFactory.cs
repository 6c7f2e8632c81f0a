using DxEvents.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests.Support;

/// <summary>
/// The real pipeline (auth, problem details, workflow, store) on a fresh PostgreSQL database per test class.
/// Tests share the database but never a municipality: each asks for its own <see cref="Town"/>.
/// </summary>
public sealed class ApiFactory : ServiceFactory<Program>
{
    public EventStore.EventReads Store => Services.GetRequiredService<EventStore.EventReads>();

    /// <summary>A municipality no other test uses, with a plan imported when <paramref name="sample"/> is given.</summary>
    public async Task<Town> NewTownAsync(string? sample = "mima")
    {
        var town = new Town(this, "t-" + Guid.NewGuid().ToString("N")[..12]);
        if (sample is not null)
        {
            using var response = await town.ImportAsync(PlanDocuments.Sample(sample, town.Tenant));
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }
        return town;
    }
}
