using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Contracts;

namespace Notifications.Api.OpenApi;

/// <summary>
/// What the generator cannot see in the contract's C# types: the wire enums carried as strings,
/// <c>data</c> kept as raw JSON text, times written by a custom converter, numbers that are only
/// ever written as numbers, and which response properties are always present.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var nullable = (schema.Type is { } declared && declared.HasFlag(JsonSchemaType.Null))
            || Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null;
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(RawJson))
        {
            // Any JSON object, written back byte for byte as the producer sent it.
            schema.Type = JsonSchemaType.Object | (nullable ? JsonSchemaType.Null : 0);
            schema.Properties?.Clear();
            schema.Required?.Clear();
            schema.AdditionalPropertiesAllowed = true;
        }
        else if (type == typeof(DateTimeOffset))
        {
            // ApiJson's converter: ISO 8601 in UTC with Z, milliseconds.
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
            schema.Format = "date-time";
        }
        else if (schema.Type is { } numeric && numeric.HasFlag(JsonSchemaType.String)
            && (numeric.HasFlag(JsonSchemaType.Integer) || numeric.HasFlag(JsonSchemaType.Number)))
        {
            // The Web defaults read numbers from strings too; the Api writes numbers and its
            // readers never take one from a string.
            schema.Type = numeric & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (context.JsonPropertyInfo is { } property)
        {
            DescribeProperty(schema, property);
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 }
            && type.Namespace == typeof(NotificationResponse).Namespace)
        {
            // Response shapes (Contracts/) write every property, null or not, except those left out when null.
            var required = schema.Required ??= new HashSet<string>();
            foreach (var member in context.JsonTypeInfo.Properties)
            {
                if (IsOmittedWhenNull(member))
                {
                    required.Remove(member.Name);
                }
                else if (schema.Properties.ContainsKey(member.Name))
                {
                    required.Add(member.Name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void DescribeProperty(OpenApiSchema schema, JsonPropertyInfo property)
    {
        if (IsOmittedWhenNull(property) && schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null; // absent rather than null
        }

        if (Attribute<WireEnumAttribute>(property) is { } wireEnum)
        {
            // Inline here; the document transformer turns it into a reference to the named set.
            var target = schema.Type is { } t && t.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items ? items : schema;
            target.Type = JsonSchemaType.String; // an optional enum is omitted rather than sent as null
            target.Enum = [.. WireEnums.Values[wireEnum.Name].Select(v => (JsonNode)v)];
        }
        else if (Attribute<WireEnumKeysAttribute>(property) is { } keys)
        {
            schema.Type = JsonSchemaType.Object;
            schema.Properties = WireEnums.Values[keys.Name].ToDictionary(
                name => name,
                IOpenApiSchema (_) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" });
            schema.AdditionalProperties = null;
            schema.AdditionalPropertiesAllowed = false;
            schema.Description = $"Keys are {keys.Name} values; zero entries may be omitted.";
        }
    }

    /// <summary>The component names of the response shapes (Contracts/).</summary>
    public static IReadOnlySet<string> ResponseShapes { get; } = typeof(NotificationResponse).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(NotificationResponse).Namespace)
        .Select(SchemaNames.Of)
        .ToHashSet();

    private static bool IsOmittedWhenNull(JsonPropertyInfo property) =>
        Attribute<JsonIgnoreAttribute>(property)?.Condition == JsonIgnoreCondition.WhenWritingNull;

    private static T? Attribute<T>(JsonPropertyInfo property)
        where T : Attribute =>
        property.AttributeProvider?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();
}
