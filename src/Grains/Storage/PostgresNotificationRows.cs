using Npgsql;
using NpgsqlTypes;

namespace Notifications.Grains.Storage;

/// <summary>
/// <see cref="NotificationColumns"/> in PostgreSQL: times as <c>timestamptz</c>, enums by name,
/// <c>data</c> as <c>text</c> (jsonb would reorder keys and reject lone-surrogate escapes); rows
/// written as one array parameter per column, so any number travel in one statement.
/// </summary>
internal static class PostgresNotificationRows
{
    /// <summary>Every column, in the order <see cref="Read"/> expects and <see cref="AddArrays"/> fills.</summary>
    public static readonly string Columns = NotificationColumns.List;

    /// <summary>The <c>unnest(...)</c> argument list matching <see cref="AddArrays"/>.</summary>
    public static readonly string UnnestArguments = string.Join(", ", NotificationColumns.All.Select(c => $"@{c.Name}::{TypeName(c.Kind)}[]"));

    /// <summary>
    /// The SET list of an update of <c>notifications AS n</c> from <c>unnest(<see cref="UnnestArguments"/>) AS v(<see cref="Columns"/>)</c>:
    /// every column but the identity takes the new version's value.
    /// </summary>
    public static readonly string Assignments = string.Join(", ", NotificationColumns.Mutable.Select(c => $"{c.Name} = v.{c.Name}"));

    public static void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<Notification> rows)
    {
        foreach (var column in NotificationColumns.All)
        {
            switch (column.Kind)
            {
                case ColumnKind.Text:
                    Add(parameters, column.Name, NpgsqlDbType.Text, rows, column.GetText);
                    break;
                case ColumnKind.Int:
                    Add(parameters, column.Name, NpgsqlDbType.Integer, rows, column.GetInt);
                    break;
                case ColumnKind.Long:
                    Add(parameters, column.Name, NpgsqlDbType.Bigint, rows, column.GetLong);
                    break;
                case ColumnKind.Bool:
                    Add(parameters, column.Name, NpgsqlDbType.Boolean, rows, column.GetBool);
                    break;
                case ColumnKind.Time:
                    var getTime = column.GetTime;
                    Add(parameters, column.Name, NpgsqlDbType.TimestampTz, rows, n => getTime(n)?.UtcDateTime);
                    break;
                default:
                    throw new InvalidOperationException($"No PostgreSQL type for {column.Kind}.");
            }
        }
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Notification Read(NpgsqlDataReader reader) => NotificationColumns.Read(new Row(reader));

    /// <summary>Reads a row selected with <see cref="NotificationQuerySql.ChangedColumns"/>.</summary>
    public static ChangedNotification ReadChanged(NpgsqlDataReader reader) => NotificationColumns.ReadChanged(new Row(reader));

    /// <summary>Reads <see cref="NotificationQuerySql.CountedStateColumns"/> selected from ordinal <paramref name="first"/> on.</summary>
    public static CountedState ReadCountedState(NpgsqlDataReader reader, int first) => NotificationColumns.ReadCountedState(new Row(reader), first);

    /// <summary>A <c>timestamptz</c> parameter; Npgsql accepts only UTC values for it.</summary>
    public static NpgsqlParameter<DateTime> TimeParameter(string name, DateTimeOffset time) =>
        new(name, NpgsqlDbType.TimestampTz) { TypedValue = time.UtcDateTime };

    public static DateTimeOffset Time(NpgsqlDataReader r, int ordinal) =>
        new(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r, ordinal);

    private static string TypeName(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => "text",
        ColumnKind.Int => "integer",
        ColumnKind.Long => "bigint",
        ColumnKind.Bool => "boolean",
        ColumnKind.Time => "timestamptz",
        _ => throw new InvalidOperationException($"No PostgreSQL type for {kind}."),
    };

    private static void Add<T>(NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, IReadOnlyList<Notification> rows, Func<Notification, T> value)
    {
        var array = new T[rows.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = value(rows[i]);
        }

        parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = array });
    }

    private readonly struct Row(NpgsqlDataReader reader) : IStoredRow
    {
        public string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public int Int(int ordinal) => reader.GetInt32(ordinal);

        public long Long(int ordinal) => reader.GetInt64(ordinal);

        public bool Bool(int ordinal) => reader.GetBoolean(ordinal);

        public DateTimeOffset? Time(int ordinal) => TimeOrNull(reader, ordinal);
    }
}
