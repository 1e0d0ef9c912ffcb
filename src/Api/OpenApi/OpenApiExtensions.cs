using Microsoft.AspNetCore.Http.Metadata;
using Scalar.AspNetCore;

namespace Notifications.Api.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";

    /// <summary>The OpenAPI document of the contract (API.md), generated from the endpoints' metadata.</summary>
    public static IServiceCollection AddNotificationsOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.CreateSchemaReferenceId = SchemaNames.For;
            options.AddSchemaTransformer<ContractSchemaTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddDocumentTransformer<NotificationsDocumentTransformer>();
        });
        return services;
    }

    /// <summary><c>GET /openapi/v1.json</c> in every environment (no token); the <c>/docs</c> reference page in Development only.</summary>
    public static WebApplication MapNotificationsOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(DocsPath, options => options.WithTitle("Notifications API").WithOpenApiRoutePattern(DocumentPath));
        }

        return app;
    }

    /// <summary>The error statuses the endpoint answers, each with a problem body (the one ProblemDetails shape).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemBody), [ProblemResponsesTransformer.ProblemContentType]));
        }

        return builder;
    }

    /// <summary>
    /// Documents the JSON request body the handler reads by hand (Validation/*Reader.cs) as
    /// <typeparamref name="TBody"/>, for the document only. <c>Accepts</c> would also make routing
    /// refuse other content types with 415, which the contract does not do (an empty read-all body
    /// is valid whatever its Content-Type): this metadata names no content type, so routing leaves
    /// it alone, and the generator describes it as <c>application/json</c>.
    /// </summary>
    public static RouteHandlerBuilder DocumentsJsonBody<TBody>(this RouteHandlerBuilder builder, bool optional = false)
        where TBody : notnull =>
        builder.WithMetadata(new DocumentedBody(typeof(TBody), optional));

    private sealed record DocumentedBody(Type RequestType, bool IsOptional) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes => [];
    }
}
