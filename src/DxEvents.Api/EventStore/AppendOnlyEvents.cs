using System.Data.Common;
using Weasel.Core;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace DxEvents.Api.EventStore;

/// <summary>
/// The event table is append-only in the database itself: a trigger refuses every UPDATE, DELETE and TRUNCATE of
/// mt_events, whoever asks, so that no column the chain leaves out (is_archived, mt_dotnet_type, …) can be changed
/// behind the chain's back by a role the service uses, nor by an administrator without first switching the trigger off.
/// Marten never needs to change an event row here: appends, tombstones and the stream table's versions are inserts into
/// mt_events and updates of mt_streams; archiving and stream compacting, which would, DxEvents does not use. Privileges
/// alone could not say this, since the table's owner (and a superuser) keeps every privilege.
/// </summary>
public sealed class AppendOnlyEvents(string schema) : ISchemaObject
{
    public const string RowTrigger = "dx_events_append_only";
    public const string TruncateTrigger = "dx_events_no_truncate";
    private const string Function = "dx_refuse_event_change";

    public DbObjectName Identifier => new Weasel.Postgresql.PostgresqlObjectName(schema, RowTrigger, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"""
            CREATE OR REPLACE FUNCTION {schema}.{Function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'dxevents.mt_events is append-only: % refused', TG_OP
                USING ERRCODE = 'restrict_violation', HINT = 'Events are never changed or removed; a correction is a new event.';
            END $$;
            DROP TRIGGER IF EXISTS {RowTrigger} ON {schema}.mt_events;
            CREATE TRIGGER {RowTrigger} BEFORE UPDATE OR DELETE ON {schema}.mt_events FOR EACH ROW EXECUTE FUNCTION {schema}.{Function}();
            DROP TRIGGER IF EXISTS {TruncateTrigger} ON {schema}.mt_events;
            CREATE TRIGGER {TruncateTrigger} BEFORE TRUNCATE ON {schema}.mt_events FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{Function}();
            """);
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"DROP TRIGGER IF EXISTS {RowTrigger} ON {schema}.mt_events;");
        writer.WriteLine($"DROP TRIGGER IF EXISTS {TruncateTrigger} ON {schema}.mt_events;");
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Both triggers present and enabled ('O': fires in the origin role, the default).
        builder.Append($"""
            select count(*) from pg_trigger t join pg_class k on k.oid = t.tgrelid join pg_namespace n on n.oid = k.relnamespace
            where n.nspname = '{schema}' and k.relname = 'mt_events' and t.tgname in ('{RowTrigger}', '{TruncateTrigger}') and t.tgenabled = 'O';
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await reader.ReadAsync(ct);
        return new SchemaObjectDelta(this, reader.GetInt64(0) == 2 ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
