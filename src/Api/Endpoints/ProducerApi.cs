using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
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
            .WithTags("Producers");

        api.MapPost("/", CreateAsync);
        api.MapPost("/batch", CreateBatchAsync);
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
}
