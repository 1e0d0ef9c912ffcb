using Npgsql;
using NpgsqlTypes;
using static Notifications.Grains.Storage.PostgresNotificationRows;

namespace Notifications.Grains.Storage;

public sealed partial class PostgresNotificationStore
{
    public async Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = _dataSource.CreateCommand(InsertAuditSql + " RETURNING id");
        AddAuditParameters(command.Parameters, record);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand(
            $"SELECT id, {AuditColumns.Names} FROM {_audit} {(beforeId is null ? string.Empty : "WHERE id < @before")} ORDER BY id DESC LIMIT @limit");
        if (beforeId is { } before)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("before", NpgsqlDbType.Bigint) { TypedValue = before });
        }

        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditColumns.ReadPageAsync(reader, limit, (r, i) => Time((NpgsqlDataReader)r, i), cancellationToken);
    }

    private string InsertAuditSql => $"INSERT INTO {_audit} ({AuditColumns.Names}) VALUES ({AuditColumns.ParameterList('@')})";

    /// <summary>
    /// Schema version 2: the audit trail. Append-only is the database's rule, not only this code's:
    /// a trigger refuses UPDATE, DELETE and TRUNCATE.
    /// </summary>
    private string AuditMigration => $"""
        CREATE TABLE {_audit} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor_hash text NOT NULL,
            action text NOT NULL,
            target_count integer NOT NULL,
            created integer,
            duplicate integer,
            suppressed integer,
            rate_limited integer,
            request_id text,
            trace_id text
        );
        CREATE FUNCTION {_auditGuard}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END
        $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {_audit} FOR EACH ROW EXECUTE FUNCTION {_auditGuard}();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {_audit} FOR EACH STATEMENT EXECUTE FUNCTION {_auditGuard}();
        """;

    private static void AddAuditParameters(NpgsqlParameterCollection parameters, AuditRecord record)
    {
        parameters.Add(TimeParameter("at", record.At));
        parameters.Add(new NpgsqlParameter<string>("actor_hash", NpgsqlDbType.Text) { TypedValue = record.ActorHash });
        parameters.Add(new NpgsqlParameter<string>("action", NpgsqlDbType.Text) { TypedValue = record.Action });
        parameters.Add(new NpgsqlParameter<int>("target_count", NpgsqlDbType.Integer) { TypedValue = record.TargetCount });
        parameters.Add(Count("created", record.Outcome?.Created));
        parameters.Add(Count("duplicate", record.Outcome?.Duplicate));
        parameters.Add(Count("suppressed", record.Outcome?.Suppressed));
        parameters.Add(Count("rate_limited", record.Outcome?.RateLimited));
        parameters.Add(Text("request_id", record.Origin.RequestId));
        parameters.Add(Text("trace_id", record.Origin.TraceId));

        static NpgsqlParameter Count(string name, int? value) =>
            new(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value };

        static NpgsqlParameter Text(string name, string? value) =>
            new(name, NpgsqlDbType.Text) { Value = value is { } v ? v : DBNull.Value };
    }
}
