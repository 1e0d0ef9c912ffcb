using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Tests.Hosting;

/// <summary>The <c>Cluster</c> section is validated when it is read, before anything is registered.</summary>
public sealed class ClusterHostingOptionsTests
{
    [Fact]
    public void The_defaults_and_a_Redis_cluster_in_Kubernetes_are_valid()
    {
        Assert.Empty(new ClusterHostingOptions().Validate());
        var options = Read(new()
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:Clustering"] = "Redis",
            ["Cluster:RedisConnectionString"] = "redis:6379",
            ["Cluster:Kubernetes"] = "true",
            ["Cluster:AdvertisedAddress"] = "",
        });

        Assert.True(options.Kubernetes);
        Assert.Equal(ClusterMode.Client, options.Mode);
    }

    [Theory]
    [InlineData("Clustering", "Redis", "Cluster:RedisConnectionString is required")]
    [InlineData("ServiceId", "", "Cluster:ServiceId and Cluster:ClusterId must not be empty")]
    [InlineData("ClusterId", " ", "Cluster:ServiceId and Cluster:ClusterId must not be empty")]
    [InlineData("SiloPort", "0", "must be ports between 1 and 65535")]
    [InlineData("GatewayPort", "70000", "must be ports between 1 and 65535")]
    [InlineData("GatewayPort", "11111", "Cluster:SiloPort and Cluster:GatewayPort must differ")]
    [InlineData("ProbeTimeout", "00:00:00", "Cluster:ProbeTimeout, Cluster:ResponseTimeout and Cluster:GatewayListRefreshPeriod must be positive")]
    [InlineData("ResponseTimeout", "-00:00:01", "Cluster:ProbeTimeout, Cluster:ResponseTimeout and Cluster:GatewayListRefreshPeriod must be positive")]
    [InlineData("GatewayListRefreshPeriod", "00:00:00", "Cluster:ProbeTimeout, Cluster:ResponseTimeout and Cluster:GatewayListRefreshPeriod must be positive")]
    [InlineData("MissedProbesLimit", "0", "Cluster:MissedProbesLimit must be at least 1")]
    [InlineData("Kubernetes", "true", "Cluster:Kubernetes needs Cluster:Clustering=Redis")]
    public void A_wrong_setting_fails_the_start_with_its_name(string key, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Read(new() { ["Cluster:" + key] = value }));

        Assert.Contains(failure.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Read(new()
        {
            ["Cluster:Clustering"] = "Redis",
            ["Cluster:AdvertisedAddress"] = "",
            ["Cluster:MissedProbesLimit"] = "0",
        }));

        Assert.Equal(3, failure.Failures.Count());
    }

    private static ClusterHostingOptions Read(Dictionary<string, string?> settings) =>
        ClusterHostingOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
