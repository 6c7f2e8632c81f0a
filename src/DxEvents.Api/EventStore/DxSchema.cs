using DxEvents.Api.Integrity;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace DxEvents.Api.EventStore;

/// <summary>
/// DxEvents' own schema objects, applied by Marten with its own after the event and document tables exist (a custom
/// feature comes last, unlike extended schema objects): the chain tables, the Data Protection keys, then row-level security
/// over everything, then the event table made append-only, and, when the owner applies it, the roles' privileges (SchemaOwner).
/// </summary>
public sealed class DxSchema(StoreOptions options, string crossTenantRole, string? serviceRole = null) : FeatureSchemaBase("DxEvents", options.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects() =>
        [.. ChainSchema.Tables(options.DatabaseSchemaName), Auth.PostgresXmlRepository.Table(options.DatabaseSchemaName),
            new RowLevelSecurity(options.DatabaseSchemaName, crossTenantRole), new AppendOnlyEvents(options.DatabaseSchemaName),
            .. serviceRole is null ? Array.Empty<ISchemaObject>() : [new Privileges(options.DatabaseSchemaName, serviceRole, crossTenantRole)]];
}
