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
            // Through the project's string reader, like every other body: a lone surrogate is a field error, not a 500.
            var errors = new ValidationErrors();
            var body = document!.RootElement;
            string? userId = null;
            if (!body.TryGetProperty("userId", out var userIdElement)
                || userIdElement.ValueKind != JsonValueKind.String
                || !JsonText.TryDecode(userIdElement, out var userIdText)
                || !Identifiers.IsUserId(userId = userIdText))
            {
                errors.Add("userId", "Required: 1–64 characters of A-Z, a-z, 0-9, '_' or '-'.");
            }

            List<string> roles = [];
            if (body.TryGetProperty("roles", out var rolesElement) && rolesElement.ValueKind != JsonValueKind.Null)
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
