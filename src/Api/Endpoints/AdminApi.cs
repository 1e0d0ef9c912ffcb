using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Validation;
using Notifications.Grains.Domain;

namespace Notifications.Api.Endpoints;

/// <summary>
/// The admin routes (role <c>admin</c>): API.md's broadcast, written to the audit trail, and the
/// trail itself (an addition to the contract, documented in the README).
/// </summary>
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
                StatusCodes.Status429TooManyRequests,
                StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/broadcast", BroadcastAsync)
            .WithName("Broadcast")
            .WithSummary("Broadcast a system notification to many users (audited).")
            .WithDescription("Goes through the same pipeline as a batch: a user who disabled system gets suppressed; do-not-disturb applies unless the priority is urgent.")
            .DocumentsJsonBody<BroadcastRequestBody>()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge)
            .Produces<FanOutResponse>();
        api.MapGet("/audit", ListAuditAsync)
            .WithName("ListAudit")
            .WithSummary("The audit trail: broadcasts and preference changes, newest first (keyset-paginated).")
            .WithDescription("Append-only. query: limit (1-100, default 50), cursor (the previous page's nextCursor). A broadcast is two entries: broadcast.requested, written before anything is sent, and broadcast.completed with its outcome.")
            .Produces<AuditPageResponse>();
        return api;
    }

    public static async Task<IResult> BroadcastAsync(
        HttpContext http, ClaimsPrincipal user, FanOut fanOut, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (broadcast, error) = await JsonBody.ReadObjectAsync(http.Request, BroadcastRequestReader.Read, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // No broadcast without its record: the request is written first, and if that fails
        // nothing is sent (503). The outcome follows the fan-out; if it cannot be written the
        // admin is told (503) and the trail still shows the request.
        var trail = grains.GetAuditTrail();
        var actor = UserIdHash.Of(TokenIssuer.UserIdOf(user));
        var origin = RequestOrigin.Of(http);
        var targets = broadcast!.UserIds.Count;
        await trail.AppendAsync(new AuditRecord(time.GetUtcNow(), actor, AuditActions.BroadcastRequested, targets, Outcome: null, origin));
        var response = await fanOut.CreateAsync(broadcast.UserIds, broadcast.Draft, cancellationToken);
        var outcome = new AuditOutcome(response.Created, response.Duplicate, response.Suppressed, response.RateLimited);
        await trail.AppendAsync(new AuditRecord(time.GetUtcNow(), actor, AuditActions.BroadcastCompleted, targets, outcome, origin));
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAuditAsync(HttpRequest request, IGrainFactory grains, CursorCodec cursors)
    {
        var query = AuditQueryReader.Read(request.Query, cursors);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors!.ToDictionary());
        }

        var page = await grains.GetAuditTrail().ListAsync(query.Value!.BeforeId, query.Value.Limit);
        var nextCursor = page.HasMore ? cursors.Encode(AuditQueryReader.CursorScope, page.Items[^1].Id) : null;
        return TypedResults.Ok(new AuditPageResponse(page.Items.Select(AuditEntryResponse.From).ToArray(), nextCursor, page.HasMore));
    }
}
