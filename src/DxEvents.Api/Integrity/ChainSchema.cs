using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace DxEvents.Api.Integrity;

/// <summary>
/// Where the sealer keeps the chain, beside Marten's tables and created with them (extended schema objects):
/// one link per event (its position in the municipality's chain and its hash) and one head per municipality.
/// Marten has no place for a per-tenant hash chain, so these two tables are DxEvents' own.
/// </summary>
public static class ChainSchema
{
    public const string Links = "dx_chain";
    public const string Heads = "dx_chain_heads";

    public static IEnumerable<ISchemaObject> Tables(string schema)
    {
        var links = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Links, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        links.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        links.AddColumn<long>("position").NotNull().AsPrimaryKey();
        // One link per event: a second sealing of the same event fails its batch instead of forking the chain.
        links.AddColumn<long>("seq_id").NotNull().AddIndex(i => i.IsUnique = true);
        links.AddColumn("hash", "bytea").NotNull();
        links.AddColumn("sealed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        yield return links;

        var heads = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Heads, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        heads.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        heads.AddColumn<long>("position").NotNull();
        heads.AddColumn<long>("seq_id").NotNull();
        heads.AddColumn("hash", "bytea").NotNull();
        heads.AddColumn("sealed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        yield return heads;
    }
}
