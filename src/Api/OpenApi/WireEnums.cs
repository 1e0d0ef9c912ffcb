using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Notifications.Api.Contracts;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The closed sets of strings of API.md that the Api carries as plain strings: each becomes a named
/// string enum in <c>components.schemas</c>, its values taken from the code that writes them.
/// </summary>
public static class WireEnums
{
    public const string NotificationType = "NotificationType";
    public const string NotificationPriority = "NotificationPriority";
    public const string CreateStatus = "CreateStatus";
    public const string CreateReason = "CreateReason";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [NotificationType] = NotificationTypeNames.AllTypes.Select(t => t.ToName()).ToArray(),
        [NotificationPriority] = NotificationTypeNames.AllPriorities.Select(p => p.ToName()).ToArray(),
        [CreateStatus] = Enum.GetValues<Notifications.CreateStatus>().Select(CreateResponse.StatusName).ToArray(),
        [CreateReason] = [CreateResult.TypeDisabled, CreateResult.ConversationMuted, CreateResult.MentionLimit],
    };

    /// <summary>The set whose values are exactly <paramref name="values"/>, in order.</summary>
    public static string? NameOf(IEnumerable<JsonNode> values)
    {
        var strings = values.Select(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null).ToArray();
        return Values.FirstOrDefault(set => set.Value.SequenceEqual(strings)).Key;
    }

    /// <summary>
    /// A reference to the set's component, which is added on first use: the generator resolves
    /// references while it still builds the document.
    /// </summary>
    public static OpenApiSchemaReference Reference(string name, OpenApiDocument document)
    {
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Values[name].Select(v => (JsonNode)v)] });
        }

        return new OpenApiSchemaReference(name, document);
    }
}

/// <summary>The string property holds one of the values of the named <see cref="WireEnums"/> set.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireEnumAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The dictionary's keys are values of the named <see cref="WireEnums"/> set (each may be omitted).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireEnumKeysAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
