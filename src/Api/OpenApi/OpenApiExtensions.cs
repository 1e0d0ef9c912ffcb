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

    /// <summary>A JSON request body the handler reads by hand (Validation/*Reader.cs), described by <typeparamref name="TBody"/>.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, bool optional = false)
        where TBody : notnull =>
        builder.Accepts<TBody>(optional, "application/json");
}
