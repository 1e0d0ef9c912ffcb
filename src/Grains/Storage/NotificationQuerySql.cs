using System.Globalization;
using System.Text;

namespace Notifications.Grains.Storage;

/// <summary>
/// The filters, order and page size of list and bulk-change queries, and the SQL of a notification's
/// <see cref="CountedState"/>, spelled once for both dialects: each store gives its parameter prefix
/// (<c>@</c> or <c>$</c>) and a <see cref="IQueryParameters"/> that binds values its own way.
/// </summary>
internal static class NotificationQuerySql
{
    /// <summary>In the inbox: neither archived nor snoozed (<see cref="Notification.Shelf"/> is <see cref="InboxShelf.Inbox"/>).</summary>
    public const string InInbox = "archived_at IS NULL AND snoozed_until IS NULL";

    /// <summary><see cref="Notification.Shelf"/> as an integer (the enum's value): archived wins over snoozed, as there.</summary>
    public static readonly string ShelfExpression = string.Create(
        CultureInfo.InvariantCulture,
        $"CASE WHEN archived_at IS NOT NULL THEN {(int)InboxShelf.Archived} WHEN snoozed_until IS NOT NULL THEN {(int)InboxShelf.Snoozed} ELSE {(int)InboxShelf.Inbox} END");

    /// <summary>The columns of a <see cref="CountedState"/>, in the order <see cref="NotificationColumns.ReadCountedState"/> reads them.</summary>
    public static readonly string CountedStateColumns = $"type, priority, is_read, seen_at IS NOT NULL, {ShelfExpression}";

    /// <summary>What a bulk change or a trim reports of each row, as <see cref="NotificationColumns.ReadChanged"/> reads it.</summary>
    public static readonly string ChangedColumns = "id, seq, " + CountedStateColumns;

    /// <summary>
    /// Appends the page's seq bound, shelf, filters, order (newest first, or oldest first after a seq)
    /// and a limit one above the page size, which tells whether another page exists without a COUNT.
    /// </summary>
    public static void AppendPage<TParameters>(StringBuilder sql, NotificationQuery query, char prefix, TParameters parameters)
        where TParameters : IQueryParameters
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(query);
        if (query.AfterSeq is { } afterSeq)
        {
            sql.Append(" AND seq > ").Append(prefix).Append("after_seq");
            parameters.Add("after_seq", afterSeq);
        }
        else if (query.BeforeSeq is { } beforeSeq)
        {
            sql.Append(" AND seq < ").Append(prefix).Append("before_seq");
            parameters.Add("before_seq", beforeSeq);
        }

        AppendShelf(sql, query.Shelf);
        AppendFilters(sql, query.Type, query.ConversationId, upToSeq: null, prefix, parameters);
        if (query.IsRead is { } isRead)
        {
            sql.Append(" AND is_read = ").Append(prefix).Append("is_read");
            parameters.Add("is_read", isRead);
        }

        sql.Append(query.AfterSeq is null ? " ORDER BY seq DESC" : " ORDER BY seq ASC").Append(" LIMIT ").Append(prefix).Append("limit");
        parameters.Add("limit", (long)query.Limit + 1);
    }

    /// <summary>
    /// Appends the condition that a row sits on <paramref name="shelf"/>, exactly as <see cref="Notification.Shelf"/>
    /// decides; none does on no shelf (<see cref="NotificationQuery.Shelf"/>).
    /// </summary>
    public static void AppendShelf(StringBuilder sql, InboxShelf? shelf)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Append(shelf switch
        {
            null => " AND 1 = 0",
            InboxShelf.Inbox => " AND " + InInbox,
            InboxShelf.Archived => " AND archived_at IS NOT NULL",
            InboxShelf.Snoozed => " AND archived_at IS NULL AND snoozed_until IS NOT NULL",
            _ => throw new ArgumentOutOfRangeException(nameof(shelf), shelf, "Unknown shelf."),
        });
    }

    /// <summary>Appends the optional type, conversation and highest-seq filters.</summary>
    public static void AppendFilters<TParameters>(StringBuilder sql, NotificationType? type, string? conversationId, long? upToSeq, char prefix, TParameters parameters)
        where TParameters : IQueryParameters
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (type is { } t)
        {
            sql.Append(" AND type = ").Append(prefix).Append("type");
            parameters.Add("type", t.ToName());
        }

        if (conversationId is not null)
        {
            sql.Append(" AND conversation_id = ").Append(prefix).Append("conversation_id");
            parameters.Add("conversation_id", conversationId);
        }

        if (upToSeq is { } upTo)
        {
            sql.Append(" AND seq <= ").Append(prefix).Append("up_to_seq");
            parameters.Add("up_to_seq", upTo);
        }
    }
}

/// <summary>Binds a query's values in a store's dialect (names without prefix).</summary>
internal interface IQueryParameters
{
    void Add(string name, long value);

    void Add(string name, bool value);

    void Add(string name, string value);
}
