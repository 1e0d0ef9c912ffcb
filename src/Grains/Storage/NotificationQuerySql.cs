using System.Text;

namespace Notifications.Grains.Storage;

/// <summary>
/// The filters, order and page size of list and mark-all-read queries, spelled once for both
/// dialects: each store gives its parameter prefix (<c>@</c> or <c>$</c>) and a
/// <see cref="IQueryParameters"/> that binds values its own way.
/// </summary>
internal static class NotificationQuerySql
{
    /// <summary>
    /// Appends the page's seq bound, filters, order (newest first, or oldest first after a seq)
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

        AppendFilters(sql, query.Type, query.ConversationId, prefix, parameters);
        if (query.IsRead is { } isRead)
        {
            sql.Append(" AND is_read = ").Append(prefix).Append("is_read");
            parameters.Add("is_read", isRead);
        }

        sql.Append(query.AfterSeq is null ? " ORDER BY seq DESC" : " ORDER BY seq ASC").Append(" LIMIT ").Append(prefix).Append("limit");
        parameters.Add("limit", (long)query.Limit + 1);
    }

    /// <summary>Appends the optional type and conversation filters.</summary>
    public static void AppendFilters<TParameters>(StringBuilder sql, NotificationType? type, string? conversationId, char prefix, TParameters parameters)
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
    }
}

/// <summary>Binds a query's values in a store's dialect (names without prefix).</summary>
internal interface IQueryParameters
{
    void Add(string name, long value);

    void Add(string name, bool value);

    void Add(string name, string value);
}
