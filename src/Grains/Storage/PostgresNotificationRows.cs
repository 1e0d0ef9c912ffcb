using Npgsql;
using NpgsqlTypes;

namespace Notifications.Grains.Storage;

/// <summary>
/// Maps <see cref="Notification"/> to and from PostgreSQL rows: times as <c>timestamptz</c>, enums by
/// name, <c>data</c> as <c>text</c> (jsonb would reorder keys and reject lone-surrogate escapes).
/// </summary>
internal static class PostgresNotificationRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects and <see cref="AddArrays"/> fills.</summary>
    public const string Columns =
        "id, user_id, seq, type, title, content, priority, is_read, read_at, created_at, sender_id, sender_username, "
        + "sender_avatar, message_preview, conversation_id, message_id, call_session_id, data, expires_at, silent, idempotency_key";

    /// <summary>The <c>unnest(...)</c> argument list matching <see cref="AddArrays"/>.</summary>
    public const string UnnestArguments =
        "@id::text[], @user_id::text[], @seq::bigint[], @type::text[], @title::text[], @content::text[], @priority::text[], "
        + "@is_read::boolean[], @read_at::timestamptz[], @created_at::timestamptz[], @sender_id::text[], @sender_username::text[], "
        + "@sender_avatar::text[], @message_preview::text[], @conversation_id::text[], @message_id::text[], @call_session_id::text[], "
        + "@data::text[], @expires_at::timestamptz[], @silent::boolean[], @idempotency_key::text[]";

    /// <summary>Adds one array parameter per column, so that any number of rows travel in one statement.</summary>
    public static void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<Notification> rows)
    {
        Add(parameters, "id", NpgsqlDbType.Text, rows, n => n.Id);
        Add(parameters, "user_id", NpgsqlDbType.Text, rows, n => n.UserId);
        Add(parameters, "seq", NpgsqlDbType.Bigint, rows, n => n.Seq);
        Add(parameters, "type", NpgsqlDbType.Text, rows, n => n.Type.ToName());
        Add(parameters, "title", NpgsqlDbType.Text, rows, n => n.Title);
        Add(parameters, "content", NpgsqlDbType.Text, rows, n => n.Content);
        Add(parameters, "priority", NpgsqlDbType.Text, rows, n => n.Priority.ToName());
        Add(parameters, "is_read", NpgsqlDbType.Boolean, rows, n => n.IsRead);
        Add(parameters, "read_at", NpgsqlDbType.TimestampTz, rows, n => ToDb(n.ReadAt));
        Add(parameters, "created_at", NpgsqlDbType.TimestampTz, rows, n => n.CreatedAt.UtcDateTime);
        Add(parameters, "sender_id", NpgsqlDbType.Text, rows, n => n.SenderId);
        Add(parameters, "sender_username", NpgsqlDbType.Text, rows, n => n.SenderUsername);
        Add(parameters, "sender_avatar", NpgsqlDbType.Text, rows, n => n.SenderAvatar);
        Add(parameters, "message_preview", NpgsqlDbType.Text, rows, n => n.MessagePreview);
        Add(parameters, "conversation_id", NpgsqlDbType.Text, rows, n => n.ConversationId);
        Add(parameters, "message_id", NpgsqlDbType.Text, rows, n => n.MessageId);
        Add(parameters, "call_session_id", NpgsqlDbType.Text, rows, n => n.CallSessionId);
        Add(parameters, "data", NpgsqlDbType.Text, rows, n => n.DataJson);
        Add(parameters, "expires_at", NpgsqlDbType.TimestampTz, rows, n => ToDb(n.ExpiresAt));
        Add(parameters, "silent", NpgsqlDbType.Boolean, rows, n => n.Silent);
        Add(parameters, "idempotency_key", NpgsqlDbType.Text, rows, n => n.IdempotencyKey);
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Notification Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        UserId = r.GetString(1),
        Seq = r.GetInt64(2),
        Type = StoreRowHelpers.ParseType(r.GetString(3)),
        Title = r.GetString(4),
        Content = StringOrNull(r, 5),
        Priority = StoreRowHelpers.ParsePriority(r.GetString(6)),
        IsRead = r.GetBoolean(7),
        ReadAt = TimeOrNull(r, 8),
        CreatedAt = Time(r, 9),
        SenderId = StringOrNull(r, 10),
        SenderUsername = StringOrNull(r, 11),
        SenderAvatar = StringOrNull(r, 12),
        MessagePreview = StringOrNull(r, 13),
        ConversationId = StringOrNull(r, 14),
        MessageId = StringOrNull(r, 15),
        CallSessionId = StringOrNull(r, 16),
        DataJson = StringOrNull(r, 17),
        ExpiresAt = TimeOrNull(r, 18),
        Silent = r.GetBoolean(19),
        IdempotencyKey = StringOrNull(r, 20),
    };

    /// <summary>A <c>timestamptz</c> parameter; Npgsql accepts only UTC values for it.</summary>
    public static NpgsqlParameter<DateTime> TimeParameter(string name, DateTimeOffset time) =>
        new(name, NpgsqlDbType.TimestampTz) { TypedValue = time.UtcDateTime };

    public static DateTimeOffset Time(NpgsqlDataReader r, int ordinal) =>
        new(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r, ordinal);

    private static DateTime? ToDb(DateTimeOffset? time) => time?.UtcDateTime;

    private static void Add<T>(NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, IReadOnlyList<Notification> rows, Func<Notification, T> value)
    {
        var array = new T[rows.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = value(rows[i]);
        }

        parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = array });
    }

    private static string? StringOrNull(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
