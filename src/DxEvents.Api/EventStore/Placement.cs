using System.Text.RegularExpressions;
using Npgsql;

namespace DxEvents.Api.EventStore;

/// <summary>
/// A database beside the main one (DXEVENTS_DB) and the municipalities placed on it. Configuration section
/// DXEVENTS_DATABASES, one child per database: <c>DXEVENTS_DATABASES__{id}__Db</c> (its connection string, the service's
/// role), <c>__Municipalities</c> (comma-separated slugs) and optionally <c>__DaemonDb</c> (else the same connection as
/// the "_daemon" role). A municipality not listed lives in the main database.
/// </summary>
public sealed partial record ExtraDatabase(string Id, string ConnectionString, string? DaemonConnectionString, IReadOnlyList<string> Municipalities)
{
    public const string Section = "DXEVENTS_DATABASES";

    /// <summary>Marten's (and Wolverine's agents') name for the main database when there are several.</summary>
    public const string MainId = "main";

    /// <summary>The same placement as the daemon's cross-tenant role connects to it.</summary>
    public ExtraDatabase ForDaemon() => this with { ConnectionString = StoreSetup.DaemonConnectionString(ConnectionString, DaemonConnectionString) };

    public static IReadOnlyList<ExtraDatabase> From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var databases = configuration.GetSection(Section).GetChildren().Select(Parse).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var twice = databases.SelectMany(d => d.Municipalities.Select(m => (Municipality: m, d.Id)))
            .GroupBy(p => p.Municipality).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidOperationException($"Municipality '{twice.Key}' is placed on more than one database ({string.Join(", ", twice.Select(p => p.Id))}).");
        // Marten looks a database up by its id or by a municipality's slug, the id first.
        if (databases.SelectMany(d => d.Municipalities).FirstOrDefault(m => m == MainId || databases.Any(d => d.Id == m)) is { } clash)
            throw new InvalidOperationException($"{Section}: '{clash}' is both a database id and a municipality; rename the database.");
        return databases;
    }

    /// <summary>The placement the process's environment gives (the CLI reads it as the service does).</summary>
    public static IReadOnlyList<ExtraDatabase> FromEnvironment() =>
        From(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    private static ExtraDatabase Parse(IConfigurationSection section)
    {
        var id = section.Key;
        if (!DatabaseId().IsMatch(id) || id == MainId)
            throw new InvalidOperationException($"{Section}: '{id}' is no database id (lower-case letters, digits, '_', '-'; not '{MainId}').");
        var connection = section["Db"] is { Length: > 0 } db ? db : throw new InvalidOperationException($"{Section}:{id}:Db (its connection string) is missing.");
        _ = new NpgsqlConnectionStringBuilder(connection);
        // A comma-separated string (an environment variable) or an array (appsettings.json).
        var listed = section["Municipalities"] is { } text ? text.Split(',') : section.GetSection("Municipalities").GetChildren().Select(c => c.Value ?? "");
        var municipalities = listed.Select(m => m.Trim()).Where(m => m.Length > 0).Select(Tenancy.Require).Distinct().ToList();
        return new ExtraDatabase(id, connection, section["DaemonDb"], municipalities);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex DatabaseId();
}
