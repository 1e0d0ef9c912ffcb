using Microsoft.Data.Sqlite;
using static Notifications.Grains.Storage.SqliteNotificationRows;

namespace Notifications.Grains.Storage;

public sealed partial class SqliteNotificationStore
{
    /// <summary>
    /// Schema version 2: the audit trail. Append-only is the database's rule, not only this code's:
    /// triggers refuse UPDATE and DELETE. AUTOINCREMENT: an id is never handed out twice.
    /// </summary>
    private const string AuditMigration = """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor_hash TEXT NOT NULL,
            action TEXT NOT NULL,
            target_count INTEGER NOT NULL,
            created INTEGER,
            duplicate INTEGER,
            suppressed INTEGER,
            rate_limited INTEGER,
            request_id TEXT,
            trace_id TEXT
        ) STRICT;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;

    private static readonly string InsertAuditSql = $"INSERT INTO audit_log ({AuditColumns.Names}) VALUES ({AuditColumns.ParameterList('$')})";

    public Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, InsertAuditSql + " RETURNING id", transaction);
                AddAuditParameters(command.Parameters, record);
                return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            cancellationToken);
    }

    public async Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(
            connection,
            $"SELECT id, {AuditColumns.Names} FROM audit_log {(beforeId is null ? string.Empty : "WHERE id < $before")} ORDER BY id DESC LIMIT $limit");
        if (beforeId is { } before)
        {
            command.Parameters.AddWithValue("$before", before);
        }

        command.Parameters.AddWithValue("$limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditColumns.ReadPageAsync(reader, limit, (r, i) => FromUnixMilliseconds(r.GetInt64(i)), cancellationToken);
    }

    private static void AddAuditParameters(SqliteParameterCollection parameters, AuditRecord record)
    {
        parameters.AddWithValue("$at", ToUnixMilliseconds(record.At));
        parameters.AddWithValue("$actor_hash", record.ActorHash);
        parameters.AddWithValue("$action", record.Action);
        parameters.AddWithValue("$target_count", record.TargetCount);
        parameters.AddWithValue("$created", (object?)record.Outcome?.Created ?? DBNull.Value);
        parameters.AddWithValue("$duplicate", (object?)record.Outcome?.Duplicate ?? DBNull.Value);
        parameters.AddWithValue("$suppressed", (object?)record.Outcome?.Suppressed ?? DBNull.Value);
        parameters.AddWithValue("$rate_limited", (object?)record.Outcome?.RateLimited ?? DBNull.Value);
        parameters.AddWithValue("$request_id", (object?)record.Origin.RequestId ?? DBNull.Value);
        parameters.AddWithValue("$trace_id", (object?)record.Origin.TraceId ?? DBNull.Value);
    }
}
