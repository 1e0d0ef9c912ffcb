using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Validation;

namespace Notifications.Api.OpenApi;

/// <summary>The query of <c>GET /api/notifications</c>, which <see cref="ListQueryReader"/> reads by hand.</summary>
internal static class ListQueryParameters
{
    public static Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        Add(operation, "limit", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = "1",
            Maximum = NotificationQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = NotificationQuery.DefaultLimit,
        }, "Items per page. `limit=` (empty) is a 400.");
        Add(operation, "cursor", new OpenApiSchema { Type = JsonSchemaType.String },
            "The `nextCursor` of the previous page (opaque, issued to this user). Cannot be combined with `afterSeq`.");
        Add(operation, "type", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. WireEnums.Values[WireEnums.NotificationType].Select(v => (System.Text.Json.Nodes.JsonNode)v)] }, "Only this type.");
        Add(operation, "isRead", new OpenApiSchema { Type = JsonSchemaType.Boolean }, "Only read (`true`) or unread (`false`) ones.");
        Add(operation, "conversationId", new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Identifiers.ReferenceIdPattern }, "Only this conversation.");
        Add(operation, "archived", new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = false },
            "`true` lists only archived ones; `false` (the default) leaves them out.");
        Add(operation, "snoozed", new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = false },
            "`true` lists only snoozed ones; `false` (the default) leaves them out.");
        Add(operation, "afterSeq", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
            "Catch-up: items with `seq` above this, oldest first, `nextCursor` null; call again with the last seq while `hasMore`. `afterSeq=` (empty) is a 400.");
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string name, IOpenApiSchema schema, string description) =>
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = false,
            Schema = schema,
            Description = description + (name is "limit" or "afterSeq" ? string.Empty : " An empty value counts as absent."),
        });
}
