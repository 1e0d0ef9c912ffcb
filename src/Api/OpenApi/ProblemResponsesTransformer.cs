using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Every error answer is the one ProblemDetails shape as <c>application/problem+json</c> (API.md,
/// Conventions), whatever result type produced it, with the meaning API.md gives its status;
/// operations that need a token carry the bearer requirement.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public const string ProblemContentType = "application/problem+json";

    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Invalid input; `errors` names each field.",
        ["401"] = "Missing, invalid or expired token.",
        ["403"] = "Authenticated, but without the role this needs.",
        ["404"] = "Not found, or not yours.",
        ["409"] = "Conflicts with the notification as it is (another of its actions was taken already).",
        ["413"] = "The body is over 1 MB.",
        ["429"] = "Rate limited; retry after `Retry-After` seconds.",
        ["503"] = "A dependency (cluster or store) is unavailable; retry after `Retry-After` seconds.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status.Length != 3 || status[0] is not ('4' or '5') || response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (Meanings.TryGetValue(status, out var meaning))
            {
                concrete.Description = meaning;
            }

            concrete.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(SchemaNames.Problem, context.Document) },
            };
            if (status is "429" or "503")
            {
                concrete.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = RetryAfterHeader() };
            }
        }

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemaNames.BearerScheme, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }

    public static OpenApiHeader RetryAfterHeader() => new()
    {
        Description = "Seconds to wait before retrying.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
    };
}
