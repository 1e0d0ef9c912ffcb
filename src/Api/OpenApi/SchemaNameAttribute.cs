namespace Notifications.Api.OpenApi;

/// <summary>
/// The name of the type's schema in <c>components.schemas</c> (the name API.md and generated
/// clients use), when it differs from the C# name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class SchemaNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Names the document itself defines (the generated ones come from <see cref="SchemaNameAttribute"/>).</summary>
public static class SchemaNames
{
    public const string Problem = "ProblemDetails";
    public const string BearerScheme = "Bearer";

    /// <summary>The component name of a type: its <see cref="SchemaNameAttribute"/>, else the generator's default.</summary>
    /// <remarks>Null inlines the schema: <c>data</c> (<see cref="Contracts.RawJson"/>) is "any object", not a type of its own.</remarks>
    public static string? For(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        return type == typeof(Contracts.RawJson)
            ? null
            : Declared(type) ?? Microsoft.AspNetCore.OpenApi.OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo);
    }

    /// <summary>The name a type declares, or its C# name.</summary>
    public static string Of(Type type) => Declared(type) ?? type.Name;

    private static string? Declared(Type type) =>
        type.GetCustomAttributes(typeof(SchemaNameAttribute), inherit: false) is [SchemaNameAttribute named] ? named.Name : null;
}
