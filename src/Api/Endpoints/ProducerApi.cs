using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Telemetry;
using Notifications.Api.Validation;

namespace Notifications.Api.Endpoints;

/// <summary>The producer endpoints of API.md (role <c>service</c>).</summary>
public static class ProducerApi
{
    public static RouteGroupBuilder MapProducerApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/notifications")
            .RequireAuthorization(AuthenticationExtensions.ServicePolicy)
            .RequireRateLimiting(ApiRateLimits.Policy)
            .WithTags("Producers")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests,
                StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/", CreateAsync)
            .WithName("CreateNotification")
            .WithSummary("Create a notification for one user.")
            .WithDescription("201 `created`: stored durably and pushed. 200 `replaced` (the user's unread, unarchived, unsnoozed notification with the same collapseKey, replaced in place: same id, new seq), `duplicate` (an idempotencyKey already folded into a live notification of this user; the notification as it is now), `suppressed` (type_disabled, conversation_muted) or `rate_limited` (mention_limit).")
            .DocumentsJsonBody<CreateNotificationBody>()
            .Produces<CreateResponse>(StatusCodes.Status201Created)
            .Produces<CreateResponse>();
        api.MapPost("/batch", CreateBatchAsync)
            .WithName("CreateBatch")
            .WithSummary("Create the same notification for up to 10,000 users.")
            .WithDescription("`results` are in the order of `userIds`; `id` is present for created, replaced and duplicate.")
            .DocumentsJsonBody<BatchRequestBody>()
            .Produces<FanOutResponse>();
        api.MapPost("/retract", RetractAsync)
            .WithName("Retract")
            .WithSummary("Delete every live notification that refers to a message, in every inbox (each pushed to its user as a delete).")
            .WithDescription("Answers once every delete is durable. For a chat message that was deleted or edited away.")
            .DocumentsJsonBody<RetractRequestBody>()
            .Produces<RetractResponse>();
        return api;
    }

    public static async Task<IResult> CreateAsync(
        HttpRequest request, IGrainFactory grains, NotificationsMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var (create, error) = await JsonBody.ReadObjectAsync(request, body => CreateNotificationReader.Read(body, time.GetUtcNow()), cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var result = await grains.GetUserInbox(create!.UserId).CreateAsync(create.Draft);
        metrics.Outcome(result.Status);
        var response = CreateResponse.From(result);
        return result.Status == CreateStatus.Created
            ? TypedResults.Json(response, statusCode: StatusCodes.Status201Created)
            : TypedResults.Ok(response);
    }

    public static async Task<IResult> CreateBatchAsync(HttpRequest request, FanOut fanOut, TimeProvider time, CancellationToken cancellationToken)
    {
        var (batch, error) = await JsonBody.ReadObjectAsync(request, body => BatchRequestReader.Read(body, time.GetUtcNow()), cancellationToken);
        return error ?? TypedResults.Ok(await fanOut.CreateAsync(batch!.UserIds, batch.Draft, cancellationToken));
    }

    public static async Task<IResult> RetractAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (retract, error) = await JsonBody.ReadObjectAsync(request, RetractRequestReader.Read, cancellationToken);
        return error ?? TypedResults.Ok(new RetractResponse(await grains.GetMessageRetraction().RetractAsync(retract!.MessageId)));
    }
}
