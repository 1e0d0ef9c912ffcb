using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Validation;

namespace Notifications.Api.Endpoints;

/// <summary>The end-user endpoints of API.md: each acts on the caller's own inbox only.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/notifications")
            .RequireAuthorization()
            .RequireRateLimiting(ApiRateLimits.Policy)
            .RequireUserRequestLimit()
            .WithTags("Notifications")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/", ListAsync)
            .WithName("ListNotifications")
            .WithSummary("List the caller's notifications: keyset pages newest first, or afterSeq catch-up oldest first.")
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(ListQueryParameters.AddAsync);
        api.MapGet("/counts", GetCountsAsync)
            .WithName("GetCounts")
            .WithSummary("The caller's counts (of the inbox: neither archived nor snoozed; and of each of those) and last seq.");
        api.MapGet("/preferences", GetPreferencesAsync)
            .WithName("GetPreferences")
            .WithSummary("The caller's preferences.");
        api.MapPut("/preferences", SetPreferencesAsync)
            .WithName("SetPreferences")
            .WithSummary("Replace the caller's preferences.")
            .WithDescription("Replaces the whole document: omitted or null lists are empty (at most 100 entries each as sent; repeats are stored once); an omitted dnd is the default; when dnd is given, enabled is required, and start, end (HH:mm) and timeZone (IANA) are required when it is true. pausedUntil: omitted or null is no pause; at most 7 days ahead; a time already past is stored as null.")
            .DocumentsJsonBody<PreferencesRequestBody>()
            .Produces<PreferencesResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        api.MapPatch("/read-all", MarkAllReadAsync)
            .WithName("MarkAllRead")
            .WithSummary("Mark every unread notification in the inbox read, optionally only of a type, a conversation or up to a seq.")
            .WithDescription("An empty body (no bytes, whatever the Content-Type) means no filter. Archived and snoozed ones are left as they are. When updated is 0 it pushes nothing.")
            .DocumentsJsonBody<ReadAllRequestBody>(optional: true)
            .Produces<InboxChangeResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        api.MapPatch("/seen", MarkSeenAsync)
            .WithName("MarkSeen")
            .WithSummary("Mark every unseen notification in the inbox with seq at most upToSeq seen.")
            .WithDescription("Archived and snoozed ones are left as they are. When updated is 0 it pushes nothing.")
            .DocumentsJsonBody<SeenRequestBody>()
            .Produces<InboxChangeResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        api.MapPatch("/archive-read", ArchiveReadAsync)
            .WithName("ArchiveRead")
            .WithSummary("Archive every read notification in the inbox.")
            .WithDescription("Snoozed ones are left as they are. When updated is 0 it pushes nothing.");
        api.MapGet("/{id}", GetAsync)
            .WithName("GetNotification")
            .WithSummary("One of the caller's notifications.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}/read", MarkReadAsync)
            .WithName("MarkRead")
            .WithSummary("Mark one notification read (idempotent).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}/archive", ArchiveAsync)
            .WithName("Archive")
            .WithSummary("Archive one notification (also read and seen; a snooze ends without a return); idempotent.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}/unarchive", UnarchiveAsync)
            .WithName("Unarchive")
            .WithSummary("Take one notification out of the archive (it stays read); idempotent.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}/snooze", SnoozeAsync)
            .WithName("Snooze")
            .WithSummary("Snooze one notification until a time: after now, at most 30 days ahead.")
            .WithDescription("An invalid until is a 400 even for an unknown id; an archived notification is a 400 on id. Snoozing a snoozed one moves it to the new time; the same time again changes nothing. At until it returns: unread, unseen, with a new seq and createdAt.")
            .DocumentsJsonBody<SnoozeRequestBody>()
            .Produces<NotificationResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        api.MapPatch("/{id}/unsnooze", UnsnoozeAsync)
            .WithName("Unsnooze")
            .WithSummary("Return a snoozed notification now (unread, unseen, new seq and createdAt); one that is not snoozed is answered as it is.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/actions/{actionId}", TakeActionAsync)
            .WithName("TakeAction")
            .WithSummary("Take one of the notification's actions (also read and seen; an archived or snoozed one stays so).")
            .WithDescription("The same action again answers the same; another action after one was taken is a 409; an unknown actionId is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteNotification")
            .WithSummary("Delete one notification.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<NotificationListResponse>, ValidationProblem>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CursorCodec cursors)
    {
        var userId = TokenIssuer.UserIdOf(user);
        var query = ListQueryReader.Read(request.Query, userId, cursors);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors!.ToDictionary());
        }

        var page = await Inbox(grains, user).ListAsync(query.Value!);
        var catchUp = query.Value!.AfterSeq is not null;
        var nextCursor = !catchUp && page.HasMore ? cursors.Encode(userId, page.Items[^1].Seq) : null;
        return TypedResults.Ok(new NotificationListResponse(page.Items.Select(NotificationResponse.From).ToArray(), nextCursor, page.HasMore));
    }

    public static async Task<Ok<CountsResponse>> GetCountsAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(CountsResponse.From(await Inbox(grains, user).GetCountsAsync()));

    public static Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OneAsync(id, Inbox(grains, user).GetAsync);

    public static Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> MarkReadAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OneAsync(id, Inbox(grains, user).MarkReadAsync);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NotificationIdFormat.IsPlausible(id) && await Inbox(grains, user).DeleteAsync(id)
            ? TypedResults.NoContent()
            : NotFound();

    public static async Task<IResult> MarkAllReadAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (filter, error) = await JsonBody.ReadAsync(request, ReadAllRequestReader.Read, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var change = await Inbox(grains, user).MarkAllReadAsync(filter!.Type, filter.ConversationId, filter.UpToSeq);
        return TypedResults.Ok(InboxChangeResponse.From(change));
    }

    public static async Task<IResult> MarkSeenAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (seen, error) = await JsonBody.ReadObjectAsync(request, SeenRequestReader.Read, cancellationToken);
        return error ?? TypedResults.Ok(InboxChangeResponse.From(await Inbox(grains, user).MarkSeenAsync(seen!.UpToSeq)));
    }

    public static async Task<Ok<InboxChangeResponse>> ArchiveReadAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(InboxChangeResponse.From(await Inbox(grains, user).ArchiveReadAsync()));

    public static Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> ArchiveAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OneAsync(id, Inbox(grains, user).ArchiveAsync);

    public static Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> UnarchiveAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OneAsync(id, Inbox(grains, user).UnarchiveAsync);

    public static async Task<IResult> SnoozeAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        // The body first: an invalid until is a 400 even for an id that names nothing (API.md v2).
        var (snooze, error) = await JsonBody.ReadObjectAsync(request, body => SnoozeRequestReader.Read(body, time.GetUtcNow()), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!NotificationIdFormat.IsPlausible(id))
        {
            return NotFound();
        }

        var change = await Inbox(grains, user).SnoozeAsync(id, snooze!.Until);
        return change.Status switch
        {
            NotificationChangeStatus.Done => TypedResults.Ok(NotificationResponse.From(change.Notification!)),
            NotificationChangeStatus.Archived => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["Is archived: unarchive it before snoozing it."],
            }),
            _ => NotFound(),
        };
    }

    public static Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> UnsnoozeAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OneAsync(id, Inbox(grains, user).UnsnoozeAsync);

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> TakeActionAsync(
        string id, string actionId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!NotificationIdFormat.IsPlausible(id))
        {
            return NotFound();
        }

        if (!Identifiers.IsActionId(actionId))
        {
            return NoSuchAction();
        }

        var change = await Inbox(grains, user).TakeActionAsync(id, actionId);
        return change.Status switch
        {
            NotificationChangeStatus.Done => TypedResults.Ok(NotificationResponse.From(change.Notification!)),
            NotificationChangeStatus.OtherActionTaken => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, detail: "Another action of this notification was taken already."),
            NotificationChangeStatus.UnknownAction => NoSuchAction(),
            _ => NotFound(),
        };
    }

    public static async Task<Ok<PreferencesResponse>> GetPreferencesAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(PreferencesResponse.From(await Inbox(grains, user).GetPreferencesAsync()));

    public static async Task<IResult> SetPreferencesAsync(
        HttpContext http, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (preferences, error) = await JsonBody.ReadObjectAsync(http.Request, body => PreferencesReader.Read(body, time.GetUtcNow()), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // The inbox writes the change's audit entry with the change; it learns the request from here.
        RequestOrigin.Of(http).Mark();
        return TypedResults.Ok(PreferencesResponse.From(await Inbox(grains, user).SetPreferencesAsync(preferences!)));
    }

    private static IUserInboxGrain Inbox(IGrainFactory grains, ClaimsPrincipal user) =>
        grains.GetUserInbox(TokenIssuer.UserIdOf(user));

    /// <summary>
    /// A route on one notification: the inbox's answer, or 404 when it has none by that id (an id no
    /// notification can have never reaches the inbox).
    /// </summary>
    private static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> OneAsync(string id, Func<string, Task<Notification?>> operation) =>
        NotificationIdFormat.IsPlausible(id) && await operation(id) is { } notification
            ? TypedResults.Ok(NotificationResponse.From(notification))
            : NotFound();

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such notification.");

    private static ProblemHttpResult NoSuchAction() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "The notification has no such action.");
}
