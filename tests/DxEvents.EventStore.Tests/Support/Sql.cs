using Npgsql;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>Raw SQL for assertions and for tampering, outside Marten.</summary>
internal static class Sql
{
    public static async Task<List<object?[]>> RowsAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>A superuser connection: no row-level security, as a database administrator could tamper.</summary>
    public static async Task<NpgsqlConnection> AdminAsync(Testing.PostgresDatabase db)
    {
        var connection = new NpgsqlConnection(db.AdminConnectionString
            ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN to a superuser connection string."));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A superuser that first switched the event table's append-only trigger off for its session.</summary>
    public static async Task<NpgsqlConnection> TamperAsync(Testing.PostgresDatabase db)
    {
        var connection = new NpgsqlConnection(db.TamperConnectionString
            ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN to a superuser connection string."));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task AsAdminAsync(Testing.PostgresDatabase db, string sql, params object[] parameters)
    {
        await using var admin = await AdminAsync(db);
        await ExecuteAsync(admin, sql, parameters);
    }
}
