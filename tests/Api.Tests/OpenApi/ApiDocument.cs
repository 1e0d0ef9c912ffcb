using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifications.Api.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document, and a small JSON Schema check of real answers against it: the
/// keywords the document uses ($ref, oneOf, type, enum, required, properties,
/// additionalProperties, items, pattern, date-time). Objects with declared properties are checked
/// strictly: every property an answer carries must be declared, so the document cannot miss one.
/// </summary>
public sealed class ApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public JsonElement Paths => Root.GetProperty("paths");

    public JsonElement Schemas => Root.GetProperty("components").GetProperty("schemas");

    public JsonElement Operation(string method, string path) =>
        Paths.GetProperty(path).GetProperty(method.ToLowerInvariant());

    public IReadOnlyList<string> Statuses(string method, string path) =>
        [.. Operation(method, path).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)];

    /// <summary>The schema of an answer, and its media type.</summary>
    public (string MediaType, JsonElement Schema) Response(string method, string path, int status)
    {
        var content = Operation(method, path).GetProperty("responses").GetProperty(status.ToString(CultureInfo.InvariantCulture)).GetProperty("content");
        var media = content.EnumerateObject().Single();
        return (media.Name, media.Value.GetProperty("schema"));
    }

    public JsonElement RequestBody(string method, string path) =>
        Operation(method, path).GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");

    public void AssertConforms(string schemaName, JsonElement value) =>
        AssertConforms(Schemas.GetProperty(schemaName), value, schemaName);

    /// <param name="utcTimes">Answers give times in UTC with Z; requests may carry an offset.</param>
    public void AssertConforms(JsonElement schema, JsonElement value, string what, bool utcTimes = true)
    {
        var problems = new List<string>();
        Check(schema, value, "$", problems, utcTimes);
        Assert.True(problems.Count == 0, $"{what} does not conform to the document:\n{string.Join('\n', problems)}\n{value}");
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            Assert.StartsWith("#/components/schemas/", name, StringComparison.Ordinal);
            schema = Schemas.GetProperty(name["#/components/schemas/".Length..]);
        }

        return schema;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> problems, bool utcTimes)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(option =>
            {
                var optionProblems = new List<string>();
                Check(option, value, path, optionProblems, utcTimes);
                return optionProblems.Count == 0;
            });
            if (matches != 1)
            {
                problems.Add($"{path}: matches {matches} of the oneOf options");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!allowed.Any(t => IsOfType(t, value)))
            {
                problems.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", allowed)}");
                return;
            }
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetRawText() == value.GetRawText()))
        {
            problems.Add($"{path}: {value} is not one of {values}");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
            {
                problems.Add($"{path}: '{text}' does not match {pattern}");
            }

            if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
                && !((text.EndsWith('Z') || !utcTimes) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _)))
            {
                problems.Add($"{path}: '{text}' is not a{(utcTimes ? " UTC" : "")} date-time");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
            foreach (var name in schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [])
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add($"{path}: required property '{name}' is missing");
                }
            }

            var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Check(propertySchema, property.Value, $"{path}.{property.Name}", problems, utcTimes);
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Check(additional, property.Value, $"{path}.{property.Name}", problems, utcTimes);
                }
                else if (properties.ValueKind == JsonValueKind.Object && additional.ValueKind != JsonValueKind.True)
                {
                    problems.Add($"{path}: property '{property.Name}' is not in the document");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{index++}]", problems, utcTimes);
            }
        }
    }

    private static bool IsOfType(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => false,
    };
}
