using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.LoadTest.Reporting;

/// <summary>The <c>--json</c> file: the whole <see cref="LoadResult"/>, camelCase, indented.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(LoadResult))]
public sealed partial class ResultJson : JsonSerializerContext
{
    public static async Task WriteAsync(LoadResult result, string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Default.LoadResult, cancellationToken);
    }
}
