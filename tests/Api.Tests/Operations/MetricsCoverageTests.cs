using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Operations;

/// <summary>
/// Every series the Grafana dashboard (deploy/grafana), the alert rules (deploy/prometheus) and the
/// README name exists on a running service's <c>/metrics</c>, with the labels they select on.
/// The service is the real one (co-hosted silo, so silo and Api series are both there), after a
/// create that was pushed to a live connection, so histograms and counters have samples.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsCoverageTests(NotificationsApiFactory factory)
{
    /// <summary>Series and labels Prometheus adds itself: per scrape target, not on /metrics.</summary>
    private static readonly HashSet<string> ScrapeSeries = ["up"];
    private static readonly HashSet<string> TargetLabels = ["instance", "job"];

    [Fact]
    public async Task Every_series_the_dashboard_and_the_alerts_query_is_on_metrics()
    {
        var series = await ScrapeAfterTrafficAsync();
        var queried = DashboardExpressions().Concat(AlertExpressions()).SelectMany(PromQl.Selectors).ToArray();

        var missing = queried
            .Where(s => !ScrapeSeries.Contains(s.Metric))
            .SelectMany(s => series.TryGetValue(s.Metric, out var labels)
                ? s.Labels.Where(l => !TargetLabels.Contains(l) && !labels.Contains(l)).Select(l => $"{s.Metric}{{{l}}}")
                : [s.Metric])
            .Distinct()
            .ToArray();
        Assert.True(missing.Length == 0, "Not on /metrics: " + string.Join(", ", missing));

        // What the dashboard is for (issue 14): each of these is charted.
        var charted = DashboardExpressions().SelectMany(PromQl.Selectors).Select(s => s.Metric).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "notifications_create_outcomes_total", "notifications_delivery_latency_seconds_bucket", "notifications_connections",
                "notifications_inboxes_active", "notifications_store_group_commit_batch_size_bucket", "http_server_request_duration_seconds_count",
                "dotnet_gc_pause_time_seconds_total",
            },
            charted);
    }

    [Fact]
    public async Task Every_metric_the_README_names_is_on_metrics()
    {
        var series = await ScrapeAfterTrafficAsync();
        var named = ReadmeMetric().Matches(RepositoryFiles.Read("README.md")).Select(m => m.Groups["name"].Value).Distinct().ToArray();

        Assert.Contains("notifications_delivery_latency_seconds_bucket", named);
        // A histogram may be named by its family (x for x_bucket, x_sum, x_count).
        var missing = named.Where(n => !series.ContainsKey(n) && !series.ContainsKey(n + "_bucket")).ToArray();
        Assert.True(missing.Length == 0, "Named in the README, not on /metrics: " + string.Join(", ", missing));
    }

    [Fact]
    public void Alert_rules_are_complete()
    {
        var rules = Yaml.Documents(RepositoryFiles.Read("deploy/prometheus/alerts.yml")).Single().List("groups").SelectMany(g => g.List("rules")).ToArray();

        Assert.True(rules.Length >= 5);
        foreach (var rule in rules)
        {
            var name = rule.Text("alert");
            Assert.Matches("^Notifications[A-Za-z]+$", name);
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("expr")), name);
            Assert.Matches(@"^\d+[smh]$", rule.Text("for"));
            Assert.Contains(rule.At("labels", "severity")?.ToString(), new[] { "page", "ticket" });
            Assert.False(string.IsNullOrWhiteSpace(rule.At("annotations", "summary")?.ToString()), name);
            Assert.False(string.IsNullOrWhiteSpace(rule.At("annotations", "description")?.ToString()), name);
        }

        Assert.Equal(rules.Length, rules.Select(r => r.Text("alert")).Distinct().Count());
    }

    [Fact]
    public void The_query_reader_finds_names_and_labels_and_skips_functions_keywords_and_variables()
    {
        var selectors = PromQl.Selectors(
            "histogram_quantile(0.99, sum by (le, instance) (rate(a_bucket{x=\"1\", y=~\"5..\"}[$__rate_interval]))) "
            + "/ on (instance) group_left b offset 10m and sum(c) without (job) > 1e3 unless up{job=~\"n-.*\"} == 0");

        Assert.Equal(
            ["a_bucket[x,y]", "up[job]", "b[]", "c[]"],
            selectors.Select(s => $"{s.Metric}[{string.Join(',', s.Labels)}]"));
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(RepositoryFiles.Read("deploy/grafana/notifications.json"));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToArray();
        Assert.NotEmpty(expressions);
        return expressions;
    }

    private static IEnumerable<string> AlertExpressions() =>
        Yaml.Documents(RepositoryFiles.Read("deploy/prometheus/alerts.yml")).Single()
            .List("groups").SelectMany(g => g.List("rules")).Select(r => r.Text("expr")!);

    /// <summary>A create pushed to a live connection, then the scrape: sample name → label names seen on it.</summary>
    private async Task<Dictionary<string, HashSet<string>>> ScrapeAfterTrafficAsync()
    {
        var userId = NotificationsApiFactory.NewUserId();
        await using var hub = factory.HubFor(userId);
        var events = new EventRecorder(hub);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await events.SkipToAsync("notification:counts");
        using var producer = factory.Producer();
        await producer.CreatedAsync(new { userId, type = "system", title = "Metrics", content = "scrape me" });
        await events.SkipToAsync("notification");

        // The node counts a connection after its admission returns and a delivery after the send
        // completes: both may come just after the client has the event. Scrape until they are in
        // (bounded); whatever is still missing then fails the assertions.
        using var anonymous = new HttpClient { BaseAddress = factory.BaseAddress };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var series = await ScrapeAsync(anonymous);
            if (RecordedAfterPush.All(series.ContainsKey) || DateTime.UtcNow > deadline)
            {
                return series;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    private static readonly string[] RecordedAfterPush =
        ["notifications_connections", "notifications_delivered_total", "notifications_delivery_latency_seconds_bucket"];

    private static async Task<Dictionary<string, HashSet<string>>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var series = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match sample in Sample().Matches(text))
        {
            var labels = series.TryGetValue(sample.Groups["name"].Value, out var seen) ? seen : series[sample.Groups["name"].Value] = [];
            foreach (Match label in SampleLabel().Matches(sample.Groups["labels"].Value))
            {
                labels.Add(label.Groups["label"].Value);
            }
        }

        return series;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex("(?<label>[A-Za-z_][A-Za-z0-9_]*)=\"")]
    private static partial Regex SampleLabel();

    [GeneratedRegex(@"`(?<name>(?:notifications|orleans|dotnet|http_server|aspnetcore|kestrel)_[a-z0-9_]+)`")]
    private static partial Regex ReadmeMetric();
}

/// <summary>
/// A service of its own, started when no other host of this process is left: OpenTelemetry
/// listens to meters by name, so instruments of the same name from another in-process host
/// (another WebApplicationFactory) share its metric streams, and that host's disposal ends them,
/// emptying this host's /metrics. One service per process, as deployed, has no such neighbour.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<NotificationsApiFactory>
{
    public const string Name = "metrics";
}
