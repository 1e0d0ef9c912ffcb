using Microsoft.Data.Sqlite;

namespace Notifications.Grains.Storage;

/// <summary><see cref="NotificationColumns"/> in SQLite: times as Unix milliseconds, booleans as 0/1, enums by name.</summary>
internal static class SqliteNotificationRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects and <see cref="Bind"/> fills.</summary>
    public static readonly string Columns = NotificationColumns.List;

    public static readonly string Parameters = string.Join(", ", NotificationColumns.All.Select(c => "$" + c.Name));

    /// <summary>The SET list of an update that writes a notification's new version from the parameters <see cref="Bind"/> fills.</summary>
    public static readonly string Assignments = string.Join(", ", NotificationColumns.Mutable.Select(c => $"{c.Name} = ${c.Name}"));

    /// <summary>Adds one parameter per column, to be filled by <see cref="Bind"/> for each row.</summary>
    public static SqliteParameter[] AddParameters(SqliteCommand command) =>
        [.. NotificationColumns.All.Select(c => command.Parameters.Add(new SqliteParameter { ParameterName = "$" + c.Name }))];

    public static void Bind(SqliteParameter[] parameters, Notification n)
    {
        var columns = NotificationColumns.All;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            parameters[i].Value = column.Kind switch
            {
                ColumnKind.Text => (object?)column.GetText(n) ?? DBNull.Value,
                ColumnKind.Int => (long)column.GetInt(n),
                ColumnKind.Long => column.GetLong(n),
                ColumnKind.Bool => column.GetBool(n) ? 1L : 0L,
                ColumnKind.Time => ToDb(column.GetTime(n)),
                _ => throw new InvalidOperationException($"No SQLite type for {column.Kind}."),
            };
        }
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Notification Read(SqliteDataReader reader) => NotificationColumns.Read(new Row(reader));

    /// <summary>Reads a row selected with <see cref="NotificationQuerySql.ChangedColumns"/>.</summary>
    public static ChangedNotification ReadChanged(SqliteDataReader reader) => NotificationColumns.ReadChanged(new Row(reader));

    /// <summary>Reads <see cref="NotificationQuerySql.CountedStateColumns"/> selected from ordinal <paramref name="first"/> on.</summary>
    public static CountedState ReadCountedState(SqliteDataReader reader, int first) => NotificationColumns.ReadCountedState(new Row(reader), first);

    public static long ToUnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static object ToDb(DateTimeOffset? time) => time is { } t ? ToUnixMilliseconds(t) : DBNull.Value;

    public static DateTimeOffset? TimeOrNull(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : FromUnixMilliseconds(r.GetInt64(ordinal));

    private readonly struct Row(SqliteDataReader reader) : IStoredRow
    {
        public string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public int Int(int ordinal) => reader.GetInt32(ordinal);

        public long Long(int ordinal) => reader.GetInt64(ordinal);

        public bool Bool(int ordinal) => reader.GetInt64(ordinal) != 0;

        public DateTimeOffset? Time(int ordinal) => TimeOrNull(reader, ordinal);
    }
}
