using System.Text.Json;
using Notifications.Api.Validation;

namespace Notifications.Api.Tests.Validation;

internal static class TestJson
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    /// <summary>A JSON string literal for <paramref name="value"/>, with non-ASCII escaped as the serializer does.</summary>
    public static string Str(string value) => JsonSerializer.Serialize(value);

    public static void AssertOnlyError<T>(ReadResult<T> result, string field)
    {
        Assert.False(result.IsValid, $"expected an error on {field}");
        Assert.Null(result.Value);
        var errors = result.Errors!.ToDictionary();
        Assert.True(errors.ContainsKey(field), $"errors were: {string.Join(", ", errors.Keys)}");
        Assert.Single(errors);
        Assert.All(errors[field], message => Assert.EndsWith(".", message));
    }

    public static T AssertValid<T>(ReadResult<T> result)
    {
        Assert.True(result.IsValid, result.Errors is null ? null : string.Join("; ", result.Errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.NotNull(result.Value);
        return result.Value;
    }
}
