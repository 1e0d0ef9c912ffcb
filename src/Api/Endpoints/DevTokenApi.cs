using System.Text.Json;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.Validation;

namespace Notifications.Api.Endpoints;

/// <summary><c>POST /dev/token</c>: mints a token in the Development environment only.</summary>
public static class DevTokenApi
{
    public static IEndpointRouteBuilder MapDevTokenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/dev/token", IssueAsync)
            .WithName("IssueDevToken")
            .AllowAnonymous()
            .WithTags("Development")
            .WithSummary("Mint a token (Development environment only; elsewhere this route does not exist).")
            .DocumentsJsonBody<DevTokenRequestBody>()
            .Produces<TokenResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    public static async Task<IResult> IssueAsync(HttpRequest request, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var (token, error) = await JsonBody.ReadObjectAsync(request, ReadTokenRequest, cancellationToken);
        return error ?? TypedResults.Ok(new TokenResponse(issuer.Issue(token!.UserId, token.Roles)));
    }

    // Through the project's field and string readers, like every other body: a lone surrogate is a
    // field error, and a property name that is not valid UTF-16 is one more unknown property
    // (JsonElement.TryGetProperty would throw on it), never a 500.
    private static ReadResult<TokenRequest> ReadTokenRequest(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<TokenRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "userId", "roles");
        var userId = fields.Id("userId", Identifiers.IsUserId, "Required: 1–64 characters of A-Z, a-z, 0-9, '_' or '-'.", required: true);

        List<string> roles = [];
        if (fields.TryGet("roles", out var rolesElement))
        {
            if (rolesElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add("roles", "Must be an array of strings.");
            }
            else
            {
                var index = 0;
                foreach (var role in rolesElement.EnumerateArray())
                {
                    if (JsonText.TryGetString(role, $"roles[{index}]", errors, out var name))
                    {
                        roles.Add(name);
                    }

                    index++;
                }
            }
        }

        return ReadResult<TokenRequest>.From(userId is null ? null : new TokenRequest(userId, roles), errors);
    }

    private sealed record TokenRequest(string UserId, IReadOnlyList<string> Roles);
}
