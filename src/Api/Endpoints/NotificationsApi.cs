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
            .WithSummary("The caller's counts (unread by type and priority) and last seq.");
        api.MapGet("/preferences", GetPreferencesAsync)
            .WithName("GetPreferences")
            .WithSummary("The caller's preferences.");
        api.MapPut("/preferences", SetPreferencesAsync)
            .WithName("SetPreferences")
            .WithSummary("Replace the caller's preferences.")
            .WithDescription("Replaces the whole document: omitted or null lists are empty (at most 100 entries each as sent; repeats are stored once); an omitted dnd is the default; when dnd is given, enabled is required, and start, end (HH:mm) and timeZone (IANA) are required when it is true.")
            .DocumentsJsonBody<PreferencesResponse>()
            .Produces<PreferencesResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        api.MapPatch("/read-all", MarkAllReadAsync)
            .WithName("MarkAllRead")
            .WithSummary("Mark every unread notification read, optionally only of a type or a conversation.")
            .WithDescription("An empty body (no bytes, whatever the Content-Type) means no filter.")
            .DocumentsJsonBody<ReadAllRequestBody>(optional: true)
            .Produces<ReadAllResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/{id}", GetAsync)
            .WithName("GetNotification")
            .WithSummary("One of the caller's notifications.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapPatch("/{id}/read", MarkReadAsync)
            .WithName("MarkRead")
            .WithSummary("Mark one notification read (idempotent).")
            .ProducesProblems(StatusCodes.Status404NotFound);
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

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NotificationIdFormat.IsPlausible(id) && await Inbox(grains, user).GetAsync(id) is { } notification
            ? TypedResults.Ok(NotificationResponse.From(notification))
            : NotFound();

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> MarkReadAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NotificationIdFormat.IsPlausible(id) && await Inbox(grains, user).MarkReadAsync(id) is { } notification
            ? TypedResults.Ok(NotificationResponse.From(notification))
            : NotFound();

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

        var change = await Inbox(grains, user).MarkAllReadAsync(filter!.Type, filter.ConversationId);
        return TypedResults.Ok(new ReadAllResponse(change.Updated));
    }

    public static async Task<Ok<PreferencesResponse>> GetPreferencesAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(PreferencesResponse.From(await Inbox(grains, user).GetPreferencesAsync()));

    public static async Task<IResult> SetPreferencesAsync(HttpContext http, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (preferences, error) = await JsonBody.ReadObjectAsync(http.Request, PreferencesReader.Read, cancellationToken);
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

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such notification.");
}
