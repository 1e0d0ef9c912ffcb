using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Notifications.Bench.BareSignalR;

/// <summary>
/// The producer endpoints and the three end-user calls the load tool makes (list or catch-up,
/// counts, mark read), answered from memory in the shapes of API.md.
/// </summary>
public static class BareApi
{
    public const string NotificationEvent = "notification";
    public const string CountsEvent = "notification:counts";
    public const string ReadEvent = "notification:read";

    private static readonly Dictionary<string, string> DefaultPriority = new(StringComparer.Ordinal)
    {
        ["new_message"] = "normal", ["message_reply"] = "normal", ["user_mentioned"] = "normal",
        ["message_reaction"] = "low", ["contact_request"] = "high", ["contact_accepted"] = "normal",
        ["new_conversation_direct"] = "normal", ["new_conversation_group"] = "normal",
        ["member_joined"] = "low", ["missed_call"] = "high", ["system"] = "normal",
    };

    public static IEndpointRouteBuilder MapBareApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/notifications", CreateAsync).RequireAuthorization("service");
        routes.MapPost("/api/notifications/batch", BatchAsync).RequireAuthorization("service");
        routes.MapGet("/api/notifications", ListAsync).RequireAuthorization();
        routes.MapGet("/api/notifications/counts", CountsAsync).RequireAuthorization();
        routes.MapPatch("/api/notifications/{id}/read", MarkReadAsync).RequireAuthorization();
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, Inboxes inboxes, IHubContext<BareHub> hub, CancellationToken cancellationToken)
    {
        using var body = await ReadAsync(request, cancellationToken);
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || Text(root, "userId") is not { Length: > 0 } userId
            || Draft.From(root) is not { } draft)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "userId and type are required.");
        }

        var notification = await CreateOneAsync(inboxes, hub, userId, draft, cancellationToken);
        return Results.Json(new { status = "created", notification }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> BatchAsync(HttpRequest request, Inboxes inboxes, IHubContext<BareHub> hub, CancellationToken cancellationToken)
    {
        using var body = await ReadAsync(request, cancellationToken);
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("userIds", out var ids) || ids.ValueKind != JsonValueKind.Array
            || ids.GetArrayLength() is 0 or > 10_000
            || !root.TryGetProperty("notification", out var inner) || inner.ValueKind != JsonValueKind.Object
            || Draft.From(inner) is not { } draft)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "userIds and notification.type are required.");
        }

        var userIds = new string[ids.GetArrayLength()];
        var i = 0;
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } value)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "userIds must be strings.");
            }

            userIds[i++] = value;
        }

        // Recipients in parallel (the service fans out over grains the same way); results in order.
        var created = await Task.WhenAll(userIds.Select(u => CreateOneAsync(inboxes, hub, u, draft, cancellationToken)));
        var results = created.Select(n => new { userId = n.UserId, status = "created", id = n.Id }).ToArray();
        return Results.Json(new { created = results.Length, duplicate = 0, suppressed = 0, rateLimited = 0, results });
    }

    private static async Task<Notification> CreateOneAsync(Inboxes inboxes, IHubContext<BareHub> hub, string userId, Draft draft, CancellationToken cancellationToken)
    {
        var inbox = inboxes.Get(userId);
        await inbox.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow;
            var notification = inbox.Add(seq => draft.ToNotification(userId, seq, now));
            var counts = inbox.Counts();

            // Under the user's gate: notification before the counts it causes, users' events in seq order.
            var group = hub.Clients.Group(inbox.Group);
            await group.SendAsync(NotificationEvent, notification, CancellationToken.None);
            await group.SendAsync(CountsEvent, counts, CancellationToken.None);
            return notification;
        }
        finally
        {
            inbox.Gate.Release();
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, Inboxes inboxes, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= 100 ? l : 50;
        long? afterSeq = long.TryParse(query["afterSeq"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : null;
        var items = new List<Notification>();
        if (inboxes.Find(UserId(context)) is { } inbox)
        {
            await inbox.Gate.WaitAsync(cancellationToken);
            try
            {
                items = inbox.List(limit, afterSeq);
            }
            finally
            {
                inbox.Gate.Release();
            }
        }

        return Results.Json(new { items, nextCursor = (string?)null, hasMore = false });
    }

    private static async Task<IResult> CountsAsync(HttpContext context, Inboxes inboxes, CancellationToken cancellationToken)
    {
        var inbox = inboxes.Get(UserId(context));
        await inbox.Gate.WaitAsync(cancellationToken);
        try
        {
            return Results.Json(inbox.Counts());
        }
        finally
        {
            inbox.Gate.Release();
        }
    }

    private static async Task<IResult> MarkReadAsync(string id, HttpContext context, Inboxes inboxes, IHubContext<BareHub> hub, CancellationToken cancellationToken)
    {
        if (inboxes.Find(UserId(context)) is not { } inbox)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound);
        }

        await inbox.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (inbox.MarkRead(id, now) is not { } outcome)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound);
            }

            if (outcome.Changed)
            {
                var group = hub.Clients.Group(inbox.Group);
                await group.SendAsync(ReadEvent, new { ids = new[] { id }, all = false, readAt = now }, CancellationToken.None);
                await group.SendAsync(CountsEvent, inbox.Counts(), CancellationToken.None);
            }

            return Results.Json(outcome.Notification);
        }
        finally
        {
            inbox.Gate.Release();
        }
    }

    private static string UserId(HttpContext context) => context.User.FindFirst("sub")?.Value ?? "";

    private static async Task<JsonDocument?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A CreateNotification without its recipient, taken as sent (no sanitizing, no truncation).</summary>
    private sealed record Draft(
        string Type, string? Title, string? Content, string? Priority, string? SenderId, string? SenderUsername,
        string? SenderAvatar, string? MessagePreview, string? ConversationId, string? MessageId, string? CallSessionId,
        RawJson? Data, DateTimeOffset? ExpiresAt)
    {
        public static Draft? From(JsonElement e)
        {
            if (Text(e, "type") is not { Length: > 0 } type)
            {
                return null;
            }

            RawJson? data = e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? new RawJson(d.GetRawText()) : null;
            DateTimeOffset? expiresAt = e.TryGetProperty("expiresAt", out var x) && x.ValueKind == JsonValueKind.String && x.TryGetDateTimeOffset(out var t) ? t : null;
            return new Draft(type, Text(e, "title"), Text(e, "content"), Text(e, "priority"), Text(e, "senderId"), Text(e, "senderUsername"),
                Text(e, "senderAvatar"), Text(e, "messagePreview"), Text(e, "conversationId"), Text(e, "messageId"), Text(e, "callSessionId"),
                data, expiresAt);
        }

        public Notification ToNotification(string userId, long seq, DateTimeOffset now) => new(
            Guid.CreateVersion7(now).ToString("N"), userId, seq, Type, Title is { Length: > 0 } ? Title : "New notification", Content,
            Priority ?? DefaultPriority.GetValueOrDefault(Type, "normal"), false, null, now, SenderId, SenderUsername, SenderAvatar,
            MessagePreview, ConversationId, MessageId, CallSessionId, Data, ExpiresAt, false);
    }
}
