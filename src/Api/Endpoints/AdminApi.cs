using System.Security.Claims;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Validation;

namespace Notifications.Api.Endpoints;

/// <summary>The admin broadcast of API.md (role <c>admin</c>), written to the audit log.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin")
            .RequireAuthorization(AuthenticationExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimits.Policy)
            .RequireUserRequestLimit(chargeOwnInbox: true)
            .WithTags("Admin")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests,
                StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/broadcast", BroadcastAsync)
            .WithName("Broadcast")
            .WithSummary("Broadcast a system notification to many users (audited).")
            .WithDescription("Goes through the same pipeline as a batch: a user who disabled system gets suppressed; do-not-disturb applies unless the priority is urgent.")
            .DocumentsJsonBody<BroadcastRequestBody>()
            .Produces<FanOutResponse>();
        return api;
    }

    public static async Task<IResult> BroadcastAsync(
        HttpRequest request, ClaimsPrincipal user, FanOut fanOut, AuditLog audit, CancellationToken cancellationToken)
    {
        var (broadcast, error) = await JsonBody.ReadObjectAsync(request, BroadcastRequestReader.Read, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var response = await fanOut.CreateAsync(broadcast!.UserIds, broadcast.Draft, cancellationToken);
        audit.Broadcast(TokenIssuer.UserIdOf(user), broadcast.UserIds.Count, response.Created);
        return TypedResults.Ok(response);
    }
}
