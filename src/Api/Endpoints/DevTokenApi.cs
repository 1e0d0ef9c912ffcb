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
        var (document, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            // Through the project's field and string readers, like every other body: a lone surrogate is
            // a field error, and a property name that is not valid UTF-16 is one more unknown property
            // (JsonElement.TryGetProperty would throw on it), never a 500.
            var errors = new ValidationErrors();
            var fields = JsonFields.Collect(document!.RootElement, string.Empty, errors, "userId", "roles");
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

            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            return TypedResults.Ok(new TokenResponse(issuer.Issue(userId!, roles)));
        }
    }
}
