using Notifications.Api.Tests.Infrastructure;
using Orleans.Hosting.Kubernetes;

namespace Notifications.Api.Tests.Operations;

/// <summary>
/// deploy/kubernetes read as Kubernetes would (every file the kustomization lists, every document):
/// probes on the health endpoints the service maps, Orleans' Kubernetes hosting wired to the pod,
/// grace periods that cover the measured shutdown times, a disruption budget for each workload,
/// and only settings that exist. No cluster here: `kubectl kustomize deploy/kubernetes` renders the
/// same set (README, "Deploying").
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Directory = "deploy/kubernetes";

    /// <summary>README, "Graceful shutdown": a silo exited in 1.3 s under load, an Api node in about 2 s.</summary>
    private static readonly TimeSpan SiloShutdown = TimeSpan.FromSeconds(1.3);
    private static readonly TimeSpan ApiShutdown = TimeSpan.FromSeconds(2);

    private static readonly IReadOnlyList<Dictionary<object, object?>> Resources = Load();

    [Fact]
    public void Every_resource_is_well_formed_and_named_once()
    {
        Assert.All(Resources, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.Text("apiVersion")));
            Assert.False(string.IsNullOrEmpty(r.Text("kind")));
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", r.At("metadata", "name")?.ToString());
        });
        Assert.Equal(Resources.Count, Resources.Select(r => $"{r.Text("kind")}/{r.At("metadata", "name")}").Distinct().Count());
        Assert.Equal(["ConfigMap", "Deployment", "Deployment", "Namespace", "PodDisruptionBudget", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"], Resources.Select(r => r.Text("kind")).Order());
    }

    [Theory]
    [InlineData("notifications-silo")]
    [InlineData("notifications-api")]
    public void Probes_ask_the_health_endpoints_on_a_declared_port(string deployment)
    {
        var container = Container(deployment);
        var ports = container.List("ports").Select(p => p.Text("name")).ToHashSet();

        Assert.Equal("/health/ready", container.At("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.At("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.At("startupProbe", "httpGet", "path"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Assert.Contains(container.At(probe, "httpGet", "port")?.ToString(), ports);
        }

        Assert.Equal("8080", container.List("ports").Single(p => p.Text("name") == "http").Text("containerPort"));
        Assert.Equal("8080", Pod(deployment).At("metadata", "annotations", "prometheus.io/port"));
        Assert.Equal("/metrics", Pod(deployment).At("metadata", "annotations", "prometheus.io/path"));
    }

    [Fact]
    public void Grace_periods_cover_the_measured_shutdowns_with_margin_and_no_more()
    {
        var silo = TimeSpan.FromSeconds(int.Parse(Pod("notifications-silo").At("spec", "terminationGracePeriodSeconds")!.ToString()!, System.Globalization.CultureInfo.InvariantCulture));
        var api = TimeSpan.FromSeconds(int.Parse(Pod("notifications-api").At("spec", "terminationGracePeriodSeconds")!.ToString()!, System.Globalization.CultureInfo.InvariantCulture));
        var preStop = Container("notifications-api").At("lifecycle", "preStop", "exec", "command") as List<object?>;

        Assert.Equal(["sleep", "5"], preStop!.Select(o => o!.ToString()));
        Assert.InRange(silo, SiloShutdown * 5, SiloShutdown * 30);
        Assert.InRange(api, TimeSpan.FromSeconds(5) + (ApiShutdown * 3), TimeSpan.FromSeconds(5) + (ApiShutdown * 15));
    }

    [Fact]
    public void Silos_use_Orleans_Kubernetes_hosting_with_the_pod_identity_and_the_rights_it_needs()
    {
        var container = Container("notifications-silo");
        var env = container.List("env").ToDictionary(e => e.Text("name")!, e => e);
        var config = Resource("ConfigMap", "notifications-config").Map("data");
        var labels = Pod("notifications-silo").Map("metadata").Map("labels");

        Assert.Equal("true", env["Cluster__Kubernetes"].Text("value"));
        Assert.Equal("metadata.name", env[KubernetesHostingOptions.PodNameEnvironmentVariable].At("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable].At("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", env[KubernetesHostingOptions.PodIPEnvironmentVariable].At("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("Redis", config.Text("Cluster__Clustering"));
        Assert.Equal(config.Text("Cluster__ServiceId"), labels.Text(KubernetesHostingOptions.ServiceIdLabel));
        Assert.Equal(config.Text("Cluster__ClusterId"), labels.Text(KubernetesHostingOptions.ClusterIdLabel));
        Assert.Equal(["11111", "30000"], container.List("ports").Where(p => p.Text("name") is "silo" or "gateway").Select(p => p.Text("containerPort")));
        Assert.Equal("11111", env["Cluster__SiloPort"].Text("value"));
        Assert.Equal("30000", env["Cluster__GatewayPort"].Text("value"));

        var account = Pod("notifications-silo").At("spec", "serviceAccountName")?.ToString();
        var binding = Resources.Single(r => r.Text("kind") == "RoleBinding" && r.List("subjects").Any(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account));
        var role = Resource("Role", binding.At("roleRef", "name")!.ToString()!);
        var pods = role.List("rules").Single(r => r.List("resources").Contains("pods"));
        Assert.Superset(new HashSet<string?> { "get", "watch", "list", "patch" }, pods.List("verbs").Select(v => v!.ToString()).ToHashSet());
        Assert.Equal("Client", Container("notifications-api").List("env").Single(e => e.Text("name") == "Cluster__Mode").Text("value"));
    }

    [Theory]
    [InlineData("notifications-silo")]
    [InlineData("notifications-api")]
    public void Each_workload_has_a_disruption_budget_and_rolls_without_losing_capacity(string deployment)
    {
        var podLabels = Pod(deployment).Map("metadata").Map("labels");
        var budgets = Resources.Where(r => r.Text("kind") == "PodDisruptionBudget" && Selects(r.Map("spec").Map("selector").Map("matchLabels"), podLabels)).ToArray();
        var spec = Resource("Deployment", deployment).Map("spec");

        var budget = Assert.Single(budgets);
        Assert.Equal("1", budget.At("spec", "maxUnavailable"));
        Assert.True(int.Parse(spec.Text("replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.True(Selects(spec.Map("selector").Map("matchLabels"), podLabels));
        Assert.Equal("0", spec.At("strategy", "rollingUpdate", "maxUnavailable"));
    }

    [Fact]
    public void The_Api_service_reaches_the_Api_pods_only_with_affinity_for_SignalR()
    {
        var service = Resource("Service", "notifications-api").Map("spec");

        Assert.True(Selects(service.Map("selector"), Pod("notifications-api").Map("metadata").Map("labels")));
        Assert.False(Selects(service.Map("selector"), Pod("notifications-silo").Map("metadata").Map("labels")));
        Assert.Equal("ClientIP", service.Text("sessionAffinity"));
        Assert.Equal("http", service.List("ports").Single().Text("targetPort"));
    }

    [Fact]
    public void Every_setting_the_manifests_give_exists()
    {
        var names = Resource("ConfigMap", "notifications-config").Map("data").Keys.Select(k => k.ToString()!)
            .Concat(Resources.Where(r => r.Text("kind") == "Deployment").SelectMany(d => Container(d.At("metadata", "name")!.ToString()!).List("env")).Select(e => e.Text("name")!))
            .ToArray();

        Assert.Contains("Storage__Provider", names);
        var unknown = names.Where(n => ConfigurationSettings.Find(n) is null && !ConfigurationSettings.Others.Contains(n)).ToArray();
        Assert.True(unknown.Length == 0, "Not settings of the service: " + string.Join(", ", unknown));
    }

    private static bool Selects(Dictionary<object, object?> selector, Dictionary<object, object?> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var value) && Equals(value, kv.Value));

    private static Dictionary<object, object?> Resource(string kind, string name) =>
        Resources.Single(r => r.Text("kind") == kind && r.At("metadata", "name")?.ToString() == name);

    private static Dictionary<object, object?> Pod(string deployment) => Resource("Deployment", deployment).Map("spec").Map("template");

    private static Dictionary<object, object?> Container(string deployment) =>
        (Dictionary<object, object?>)Pod(deployment).Map("spec").List("containers").Single()!;

    private static List<Dictionary<object, object?>> Load()
    {
        var kustomization = Yaml.Documents(RepositoryFiles.Read($"{Directory}/kustomization.yaml")).Single();
        Assert.Equal("notifications", kustomization.Text("namespace"));
        return kustomization.List("resources")
            .SelectMany(file => Yaml.Documents(RepositoryFiles.Read($"{Directory}/{file}")))
            .ToList();
    }
}
