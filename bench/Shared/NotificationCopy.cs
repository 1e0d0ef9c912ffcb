using Npgsql;
using NpgsqlTypes;

namespace Notifications.Bench.Shared;

public static class NotificationCopy
{
    /// <summary>Writes rows with binary COPY (bench/Ingest method c, and the seeding of bench/Counts).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, NotificationSchema schema, IEnumerable<SampleRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {schema.Notifications} ({NotificationSchema.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(r.Id, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.UserId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.Seq, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(r.Type, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.Title, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.Content, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.Priority, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.IsRead, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullableAsync(importer, r.ReadAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, r.SenderId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.SenderUsername, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.SenderAvatar, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.MessagePreview, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.ConversationId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.MessageId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.CallSessionId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.Data, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.ExpiresAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(r.Silent, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullableAsync(importer, r.SeenAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, r.ArchivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, r.SnoozedUntil, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, r.CollapseKey, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(r.CollapsedCount, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, r.Actions, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.ActedAction, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, r.ActedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }
}
