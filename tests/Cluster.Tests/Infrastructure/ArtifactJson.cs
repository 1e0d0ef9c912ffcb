using System.Text.Json;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>The fault tests' figures, written beside the failover report in <c>artifacts/cluster-test/</c>.</summary>
public static class ArtifactJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string name, object figures, CancellationToken cancellationToken)
    {
        var path = Path.Combine(TestHosts.RepositoryRoot, "artifacts", "cluster-test", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figures, Json), cancellationToken);
    }
}
