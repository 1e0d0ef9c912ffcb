using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Notifications.Api.Validation;

/// <summary>
/// Reads the query of <c>GET /api/notifications</c> (list and <c>afterSeq</c> catch-up). Without
/// <c>archived</c> or <c>snoozed</c> it lists the inbox: neither archived nor snoozed ones.
/// </summary>
public static class ListQueryReader
{
    /// <param name="query">The request's query.</param>
    /// <param name="userId">The caller, whom a cursor must have been issued to.</param>
    /// <param name="cursors">The codec that issued the cursors.</param>
    public static ReadResult<NotificationQuery> Read(IQueryCollection query, string userId, CursorCodec cursors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(cursors);

        var errors = new ValidationErrors();
        var limit = QueryFields.ReadLimit(query, errors);

        long? afterSeq = null;
        var hasAfterSeq = QueryFields.TryGetSingle(query, "afterSeq", errors, out var afterSeqText);
        if (hasAfterSeq)
        {
            // NumberStyles.None: ASCII digits only, no sign, no spaces; beyond Int64 fails too.
            if (long.TryParse(afterSeqText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                afterSeq = value;
            }
            else
            {
                errors.Add("afterSeq", "Must be an integer of 0 or more.");
            }
        }

        var beforeSeq = QueryFields.ReadCursor(query, cursors, userId, "Is not a cursor issued to you.", errors, out var hasCursor);
        if (hasCursor && hasAfterSeq)
        {
            errors.Add("afterSeq", "Cannot be combined with cursor.");
        }

        NotificationType? type = null;
        if (QueryFields.TryGetSingle(query, "type", errors, out var typeText) && typeText.Length > 0)
        {
            if (NotificationTypeNames.TryParseType(typeText, out var value))
            {
                type = value;
            }
            else
            {
                errors.Add("type", Messages.Type);
            }
        }

        var isRead = QueryFields.ReadBoolean(query, "isRead", errors);
        var archived = QueryFields.ReadBoolean(query, "archived", errors) ?? false;
        var snoozed = QueryFields.ReadBoolean(query, "snoozed", errors) ?? false;

        string? conversationId = null;
        if (QueryFields.TryGetSingle(query, "conversationId", errors, out var conversationText) && conversationText.Length > 0)
        {
            if (Identifiers.IsReferenceId(conversationText))
            {
                conversationId = conversationText;
            }
            else
            {
                errors.Add("conversationId", Messages.ReferenceId);
            }
        }

        return errors.Any
            ? ReadResult<NotificationQuery>.Invalid(errors)
            : ReadResult<NotificationQuery>.Valid(new NotificationQuery
            {
                Limit = limit,
                BeforeSeq = beforeSeq,
                AfterSeq = afterSeq,
                Type = type,
                IsRead = isRead,
                ConversationId = conversationId,
                Archived = archived,
                Snoozed = snoozed,
            });
    }
}
