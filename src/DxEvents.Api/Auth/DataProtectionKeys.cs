using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using DxEvents.Api.EventStore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace DxEvents.Api.Auth;

/// <summary>
/// ASP.NET Core Data Protection's key ring (what session cookies and antiforgery tokens are sealed with) kept in the main
/// database, so every node of a cluster reads the same keys and a restart or a rebuilt container signs no one out. A small
/// repository over Npgsql rather than Microsoft.AspNetCore.DataProtection.EntityFrameworkCore: that package brings EF Core
/// and a DbContext into a service that has none, for one table of two columns that Marten creates with its own.
/// </summary>
public sealed class PostgresXmlRepository(string connectionString) : IXmlRepository
{
    public const string TableName = "dx_data_protection_keys";

    /// <summary>Created by Marten with DxEvents' other tables (<see cref="DxSchema"/>). No municipality: the keys serve all.</summary>
    public static ISchemaObject Table(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("friendly_name").NotNull().AsPrimaryKey();
        table.AddColumn<string>("xml").NotNull();
        table.AddColumn("created_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT xml FROM {StoreSetup.Schema}.{TableName} ORDER BY created_at", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Two nodes creating a key at once keep both: the key ring takes the newest activated key, whichever node made it.
        using var command = new NpgsqlCommand(
            $"INSERT INTO {StoreSetup.Schema}.{TableName} (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.Add(new() { Value = friendlyName });
        command.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}

public static class DataProtectionSetup
{
    /// <summary>
    /// The keys in PostgreSQL under one application name (nodes must agree on it to read each other's cookies). With
    /// DXEVENTS_KEYS_CERT (a PKCS#12 file, DXEVENTS_KEYS_CERT_PASSWORD its password) each key is encrypted with that
    /// certificate before it is stored, so a copy of the table alone opens no session; every node needs the same file.
    /// </summary>
    public static void AddDxDataProtection(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var protection = services.AddDataProtection()
            .SetApplicationName("DxEvents")
            .AddKeyManagementOptions(o => o.XmlRepository = new PostgresXmlRepository(connectionString));
        if (configuration["DXEVENTS_KEYS_CERT"] is { Length: > 0 } path)
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DXEVENTS_KEYS_CERT_PASSWORD"]));
    }
}
