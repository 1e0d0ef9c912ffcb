using Microsoft.Data.Sqlite;

namespace Notifications.Grains.Storage;

/// <summary>Maps <see cref="Notification"/> to and from SQLite rows: times as Unix milliseconds, booleans as 0/1, enums by name.</summary>
internal static class SqliteNotificationRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects and <see cref="Bind"/> fills.</summary>
    public const string Columns =
        "id, user_id, seq, type, title, content, priority, is_read, read_at, created_at, sender_id, sender_username, "
        + "sender_avatar, message_preview, conversation_id, message_id, call_session_id, data, expires_at, silent, idempotency_key";

    public const string Parameters =
        "$id, $user_id, $seq, $type, $title, $content, $priority, $is_read, $read_at, $created_at, $sender_id, $sender_username, "
        + "$sender_avatar, $message_preview, $conversation_id, $message_id, $call_session_id, $data, $expires_at, $silent, $idempotency_key";

    private static readonly string[] ParameterNames = Parameters.Split(", ");

    /// <summary>Adds one parameter per column, to be filled by <see cref="Bind"/> for each row.</summary>
    public static SqliteParameter[] AddParameters(SqliteCommand command) =>
        [.. ParameterNames.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))];

    public static void Bind(SqliteParameter[] parameters, Notification n)
    {
        parameters[0].Value = n.Id;
        parameters[1].Value = n.UserId;
        parameters[2].Value = n.Seq;
        parameters[3].Value = n.Type.ToName();
        parameters[4].Value = n.Title;
        parameters[5].Value = (object?)n.Content ?? DBNull.Value;
        parameters[6].Value = n.Priority.ToName();
        parameters[7].Value = n.IsRead ? 1L : 0L;
        parameters[8].Value = ToDb(n.ReadAt);
        parameters[9].Value = ToUnixMilliseconds(n.CreatedAt);
        parameters[10].Value = (object?)n.SenderId ?? DBNull.Value;
        parameters[11].Value = (object?)n.SenderUsername ?? DBNull.Value;
        parameters[12].Value = (object?)n.SenderAvatar ?? DBNull.Value;
        parameters[13].Value = (object?)n.MessagePreview ?? DBNull.Value;
        parameters[14].Value = (object?)n.ConversationId ?? DBNull.Value;
        parameters[15].Value = (object?)n.MessageId ?? DBNull.Value;
        parameters[16].Value = (object?)n.CallSessionId ?? DBNull.Value;
        parameters[17].Value = (object?)n.DataJson ?? DBNull.Value;
        parameters[18].Value = ToDb(n.ExpiresAt);
        parameters[19].Value = n.Silent ? 1L : 0L;
        parameters[20].Value = (object?)n.IdempotencyKey ?? DBNull.Value;
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Notification Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        UserId = r.GetString(1),
        Seq = r.GetInt64(2),
        Type = StoreRowHelpers.ParseType(r.GetString(3)),
        Title = r.GetString(4),
        Content = StringOrNull(r, 5),
        Priority = StoreRowHelpers.ParsePriority(r.GetString(6)),
        IsRead = r.GetInt64(7) != 0,
        ReadAt = TimeOrNull(r, 8),
        CreatedAt = FromUnixMilliseconds(r.GetInt64(9)),
        SenderId = StringOrNull(r, 10),
        SenderUsername = StringOrNull(r, 11),
        SenderAvatar = StringOrNull(r, 12),
        MessagePreview = StringOrNull(r, 13),
        ConversationId = StringOrNull(r, 14),
        MessageId = StringOrNull(r, 15),
        CallSessionId = StringOrNull(r, 16),
        DataJson = StringOrNull(r, 17),
        ExpiresAt = TimeOrNull(r, 18),
        Silent = r.GetInt64(19) != 0,
        IdempotencyKey = StringOrNull(r, 20),
    };

    public static long ToUnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static object ToDb(DateTimeOffset? time) => time is { } t ? ToUnixMilliseconds(t) : DBNull.Value;

    public static DateTimeOffset? TimeOrNull(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : FromUnixMilliseconds(r.GetInt64(ordinal));

    private static string? StringOrNull(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
