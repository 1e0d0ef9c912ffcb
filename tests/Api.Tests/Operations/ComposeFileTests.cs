using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Operations;

/// <summary>docker-compose.yml gives the service only settings that exist, and the way to a token outside Development.</summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<object, object?> Compose = Yaml.Documents(RepositoryFiles.Read("docker-compose.yml")).Single();

    private static readonly string[] OwnServices = ["silo1", "silo2", "api1", "api2"];

    [Fact]
    public void The_service_s_containers_get_only_settings_that_exist()
    {
        var names = OwnServices.SelectMany(s => Compose.Map("services").Map(s).Map("environment").Keys)
            .Concat(Compose.Map("x-common-env").Keys)
            .Select(k => k.ToString()!)
            .Where(k => k != "<<")
            .Distinct()
            .ToArray();

        Assert.Contains("Cluster__AdvertisedAddress", names);
        var unknown = names.Where(n => ConfigurationSettings.Find(n) is null && !ConfigurationSettings.Others.Contains(n)).ToArray();
        Assert.True(unknown.Length == 0, "Not settings of the service: " + string.Join(", ", unknown));

        // The image's ASPNETCORE_URLS (http://+:8080) is what both entry points listen on: no per-service override.
        Assert.DoesNotContain("Urls", names);
    }

    [Fact]
    public void Api_nodes_run_outside_Development_and_the_file_says_how_to_mint_a_token()
    {
        foreach (var api in new[] { "api1", "api2" })
        {
            var environment = Compose.Map("services").Map(api).Map("environment");
            Assert.False(environment.ContainsKey("ASPNETCORE_ENVIRONMENT"));
            Assert.Contains("AUTH_SIGNING_KEY", environment.Text("Auth__SigningKey"), StringComparison.Ordinal);
        }

        Assert.Contains("/app/token/Notifications.Token.dll --user", RepositoryFiles.Read("docker-compose.yml"), StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /app/token /app/token", RepositoryFiles.Read("Dockerfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_monitoring_profile_mounts_files_that_exist()
    {
        foreach (var service in new[] { "prometheus", "grafana" })
        {
            var definition = Compose.Map("services").Map(service);
            Assert.Equal(["monitoring"], definition.List("profiles").Select(p => p!.ToString()));
            foreach (var volume in definition.List("volumes").Select(v => v!.ToString()!))
            {
                var source = volume.Split(':')[0];
                Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || System.IO.Directory.Exists(RepositoryFiles.PathOf(source)), volume);
            }
        }
    }
}
