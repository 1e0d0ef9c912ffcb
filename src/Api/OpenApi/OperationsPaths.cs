using System.Net.Http;
using Microsoft.OpenApi;
using Notifications.Api.Endpoints;
using Notifications.ServiceDefaults;

namespace Notifications.Api.OpenApi;

/// <summary>
/// <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>: mapped as request delegates
/// (health checks, the Prometheus exporter), so the generator does not see them; described here.
/// No token, no rate limit.
/// </summary>
internal static class OperationsPaths
{
    public const string Tag = "Operations";

    public static void AddTo(OpenApiDocument document)
    {
        document.Paths.Add(ServiceDefaultsExtensions.LivePath, Get(
            "GetLiveness",
            "Liveness: 200 while the process runs.",
            ("200", Status("The process runs."))));
        document.Paths.Add(OperationsEndpoints.ReadyPath, Get(
            "GetReadiness",
            "Readiness: 200 when a grain runs in the cluster and reaches the store.",
            ("200", Status("The cluster and the store answer.")),
            ("503", Problem(document, "The cluster or the store does not answer; retry after `Retry-After` seconds."))));
        document.Paths.Add(ServiceDefaultsExtensions.MetricsPath, Get(
            "GetMetrics",
            "Prometheus metrics (text exposition format).",
            ("200", new OpenApiResponse
            {
                Description = "Prometheus text.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            })));
    }

    private static OpenApiPathItem Get(string operationId, string summary, params (string Status, OpenApiResponse Response)[] responses)
    {
        var operation = new OpenApiOperation
        {
            OperationId = operationId,
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new(Tag) },
            Responses = [],
        };
        foreach (var (status, response) in responses)
        {
            operation.Responses.Add(status, response);
        }

        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }

    private static OpenApiResponse Status(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["status"] = new OpenApiSchema { Type = JsonSchemaType.String } },
                    Required = new HashSet<string> { "status" },
                },
            },
        },
    };

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemResponsesTransformer.ProblemContentType] = new() { Schema = new OpenApiSchemaReference(SchemaNames.Problem, document) },
        },
        Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = ProblemResponsesTransformer.RetryAfterHeader() },
    };
}
