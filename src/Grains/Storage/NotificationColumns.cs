namespace Notifications.Grains.Storage;

/// <summary>
/// The stored fields of a <see cref="Notification"/>, once for both stores: each column's name, its
/// kind and how to take its value from a notification, in the order every select, insert and
/// reader uses. A new field is a row here, a line in <see cref="Read"/> and a migration in each
/// store; the stores derive their column lists, parameters and readers from this table.
/// </summary>
internal static class NotificationColumns
{
    public static readonly IReadOnlyList<NotificationColumn> All =
    [
        NotificationColumn.Text("id", n => n.Id),
        NotificationColumn.Text("user_id", n => n.UserId),
        NotificationColumn.Long("seq", n => n.Seq),
        NotificationColumn.Text("type", n => n.Details.Type.ToName()),
        NotificationColumn.Text("title", n => n.Details.Title),
        NotificationColumn.Text("content", n => n.Details.Content),
        NotificationColumn.Text("priority", n => n.Details.Priority.ToName()),
        NotificationColumn.Bool("is_read", n => n.IsRead),
        NotificationColumn.Time("read_at", n => n.ReadAt),
        NotificationColumn.Time("created_at", n => n.CreatedAt),
        NotificationColumn.Text("sender_id", n => n.Details.SenderId),
        NotificationColumn.Text("sender_username", n => n.Details.SenderUsername),
        NotificationColumn.Text("sender_avatar", n => n.Details.SenderAvatar),
        NotificationColumn.Text("message_preview", n => n.Details.MessagePreview),
        NotificationColumn.Text("conversation_id", n => n.Details.ConversationId),
        NotificationColumn.Text("message_id", n => n.Details.MessageId),
        NotificationColumn.Text("call_session_id", n => n.Details.CallSessionId),
        NotificationColumn.Text("data", n => n.Details.DataJson),
        NotificationColumn.Time("expires_at", n => n.Details.ExpiresAt),
        NotificationColumn.Bool("silent", n => n.Silent),
        NotificationColumn.Time("seen_at", n => n.SeenAt),
        NotificationColumn.Time("archived_at", n => n.ArchivedAt),
        NotificationColumn.Time("snoozed_until", n => n.SnoozedUntil),
        NotificationColumn.Text("collapse_key", n => n.Details.CollapseKey),
        NotificationColumn.Int("collapsed_count", n => n.CollapsedCount),
        NotificationColumn.Text("actions", n => ActionsJson.Serialize(n.Details.Actions)),
        NotificationColumn.Text("acted_action", n => n.ActedAction),
        NotificationColumn.Time("acted_at", n => n.ActedAt),
    ];

    /// <summary>The columns a change of an existing notification writes: all but its identity (id, user).</summary>
    public static readonly IReadOnlyList<NotificationColumn> Mutable = [.. All.Where(c => c.Name is not ("id" or "user_id"))];

    /// <summary>Every column, comma-separated, in <see cref="All"/>'s order.</summary>
    public static readonly string List = string.Join(", ", All.Select(c => c.Name));

    /// <summary>A notification from a row selected with <see cref="List"/>, whichever store read it.</summary>
    public static Notification Read<TRow>(TRow row)
        where TRow : IStoredRow => new()
    {
        Id = row.Text(0)!,
        UserId = row.Text(1)!,
        Seq = row.Long(2),
        Details = new NotificationDetails
        {
            Type = StoreRowHelpers.ParseType(row.Text(3)!),
            Title = row.Text(4)!,
            Content = row.Text(5),
            Priority = StoreRowHelpers.ParsePriority(row.Text(6)!),
            SenderId = row.Text(10),
            SenderUsername = row.Text(11),
            SenderAvatar = row.Text(12),
            MessagePreview = row.Text(13),
            ConversationId = row.Text(14),
            MessageId = row.Text(15),
            CallSessionId = row.Text(16),
            DataJson = row.Text(17),
            ExpiresAt = row.Time(18),
            CollapseKey = row.Text(23),
            Actions = ActionsJson.Deserialize(row.Text(25)),
        },
        IsRead = row.Bool(7),
        ReadAt = row.Time(8),
        CreatedAt = row.Time(9)!.Value,
        Silent = row.Bool(19),
        SeenAt = row.Time(20),
        ArchivedAt = row.Time(21),
        SnoozedUntil = row.Time(22),
        CollapsedCount = row.Int(24),
        ActedAction = row.Text(26),
        ActedAt = row.Time(27),
    };

    /// <summary>A <see cref="CountedState"/> from <see cref="NotificationQuerySql.CountedStateColumns"/> selected from ordinal <paramref name="first"/> on.</summary>
    public static CountedState ReadCountedState<TRow>(TRow row, int first)
        where TRow : IStoredRow => new(
        StoreRowHelpers.ParseType(row.Text(first)!),
        StoreRowHelpers.ParsePriority(row.Text(first + 1)!),
        row.Bool(first + 2),
        row.Bool(first + 3),
        StoreRowHelpers.ParseShelf(row.Int(first + 4)));

    /// <summary>A row selected or returned with <see cref="NotificationQuerySql.ChangedColumns"/>.</summary>
    public static ChangedNotification ReadChanged<TRow>(TRow row)
        where TRow : IStoredRow => new(row.Text(0)!, row.Long(1), ReadCountedState(row, 2));
}

/// <summary>What a stored value is, whatever a store's dialect spells it as.</summary>
internal enum ColumnKind
{
    Text,
    Int,
    Long,
    Bool,
    Time,
}

/// <summary>One column: its name, its kind and the typed getter for that kind (no boxing on the write path).</summary>
internal sealed class NotificationColumn
{
    private NotificationColumn(string name, ColumnKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public Func<Notification, string?> GetText { get; private init; } = _ => throw new InvalidOperationException();

    public Func<Notification, int> GetInt { get; private init; } = _ => throw new InvalidOperationException();

    public Func<Notification, long> GetLong { get; private init; } = _ => throw new InvalidOperationException();

    public Func<Notification, bool> GetBool { get; private init; } = _ => throw new InvalidOperationException();

    public Func<Notification, DateTimeOffset?> GetTime { get; private init; } = _ => throw new InvalidOperationException();

    public static NotificationColumn Text(string name, Func<Notification, string?> get) => new(name, ColumnKind.Text) { GetText = get };

    public static NotificationColumn Int(string name, Func<Notification, int> get) => new(name, ColumnKind.Int) { GetInt = get };

    public static NotificationColumn Long(string name, Func<Notification, long> get) => new(name, ColumnKind.Long) { GetLong = get };

    public static NotificationColumn Bool(string name, Func<Notification, bool> get) => new(name, ColumnKind.Bool) { GetBool = get };

    public static NotificationColumn Time(string name, Func<Notification, DateTimeOffset?> get) => new(name, ColumnKind.Time) { GetTime = get };
}

/// <summary>A row a store read, by column ordinal and kind; a struct per store, so reading allocates nothing extra.</summary>
internal interface IStoredRow
{
    string? Text(int ordinal);

    int Int(int ordinal);

    long Long(int ordinal);

    bool Bool(int ordinal);

    DateTimeOffset? Time(int ordinal);
}
