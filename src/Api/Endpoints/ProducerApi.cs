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
        var (document, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var create = CreateNotificationReader.Read(document!.RootElement, time.GetUtcNow());
            if (!create.IsValid)
            {
                return TypedResults.ValidationProblem(create.Errors!.ToDictionary());
            }

            var result = await grains.GetGrain<IUserInboxGrain>(create.Value!.UserId).CreateAsync(create.Value.Draft);
            metrics.Outcome(result.Status);
            var response = CreateResponse.From(result);
            return result.Status == CreateStatus.Created
                ? TypedResults.Json(response, statusCode: StatusCodes.Status201Created)
                : TypedResults.Ok(response);
        }
    }

    public static async Task<IResult> CreateBatchAsync(HttpRequest request, FanOut fanOut, TimeProvider time, CancellationToken cancellationToken)
    {
        var (document, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var batch = BatchRequestReader.Read(document!.RootElement, time.GetUtcNow());
            if (!batch.IsValid)
            {
                return TypedResults.ValidationProblem(batch.Errors!.ToDictionary());
            }

            return TypedResults.Ok(await fanOut.CreateAsync(batch.Value!.UserIds, batch.Value.Draft, cancellationToken));
        }
    }
}
