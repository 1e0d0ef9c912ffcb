using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>YAML documents as plain maps, lists and strings (YamlDotNet), for checks on deploy/.</summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a (possibly multi-document) YAML text.</summary>
    public static IReadOnlyList<Dictionary<object, object?>> Documents(string text)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object?>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<object?>(parser) is Dictionary<object, object?> document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    public static Dictionary<object, object?> Map(this object? node, string key) =>
        node is Dictionary<object, object?> map && map.TryGetValue(key, out var value) && value is Dictionary<object, object?> child
            ? child
            : throw new Xunit.Sdk.XunitException($"'{key}' is not a map here.");

    public static List<object?> List(this object? node, string key) =>
        node is Dictionary<object, object?> map && map.TryGetValue(key, out var value) && value is List<object?> child
            ? child
            : throw new Xunit.Sdk.XunitException($"'{key}' is not a list here.");

    public static string? Text(this object? node, string key) =>
        node is Dictionary<object, object?> map && map.TryGetValue(key, out var value) ? value?.ToString() : null;

    public static object? At(this object? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is Dictionary<object, object?> map && map.TryGetValue(key, out var value) ? value : null;
        }

        return node;
    }
}
