using Npgsql;

namespace DxEvents.EventStore;

public static class StoreDataSource
{
    /// <summary>
    /// A data source with automatic preparation on unless the connection string says otherwise: the
    /// append statement is long, and parsing it on every call costs about as much as running it.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        configure?.Invoke(builder);
        return builder.Build();
    }
}
