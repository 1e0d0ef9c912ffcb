using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.LoadTest;
using Notifications.LoadTest.Auth;
using Notifications.LoadTest.Events;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

namespace Notifications.Cluster.Tests;

/// <summary>
/// One Api node (co-hosted silo) on a PostgreSQL of the test's own, under a steady stream of
/// creates, while the database is stopped for 30 s, or frozen (a database that hangs instead of
/// refusing). Creates answer 503 + Retry-After within a bound, never 500; readiness says 503 and
/// comes back; nothing needs a restart; every acknowledged notification is stored; counts equal
/// the lists; the outage is a few log lines, not one per refused request.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const string SigningKey = "outage-test-signing-key-0123456789-abcdef";
    private static readonly TimeSpan OutageAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(10);

    [Fact]
    public Task A_stopped_database_is_an_outage_of_503s_that_ends_by_itself_losing_nothing() =>
        RunAsync("stopped", TimeSpan.FromSeconds(30), db => db.StopAsync(), db => db.StartAgainAsync());

    [Fact]
    public Task A_hung_database_is_answered_with_503s_within_the_bound_and_ends_by_itself_losing_nothing() =>
        RunAsync("frozen", TimeSpan.FromSeconds(20), db => db.FreezeAsync(), db => db.ThawAsync());

    private async Task RunAsync(string kind, TimeSpan outage, Func<PostgresServer, Task> begin, Func<PostgresServer, Task> end)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = new PostgresServer();
        await database.StartAsync();
        var logs = Directory.CreateTempSubdirectory("outage-test-").FullName;
        using var api = StartApi(database.ConnectionString, logs, out var url);
        try
        {
            await TestHosts.WaitForAsync(api, new Uri(url, "health/ready"), TimeSpan.FromSeconds(120));
            var clock = Stopwatch.StartNew();
            double? outageBegan = null, outageEnded = null;
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var probe = ProbeAsync(url, clock, probing.Token);

            var options = new LoadOptions
            {
                Urls = [url],
                SigningKey = SigningKey,
                UserPrefix = "outage",
                Users = 50,
                ConnectionsPerUser = 1,
                Rate = 100,
                RampUp = TimeSpan.FromSeconds(1),
                Duration = OutageAt + outage + TimeSpan.FromSeconds(10),
                Mix = new TrafficMix(Single: 100, Batch: 0, Read: 0),
                Producers = 4,
                CreateRetries = 200, // a create is retried (same idempotency key) through the whole outage
                CatchUpOnGap = true,
                MaxInFlight = 4_000,
                Drain = TimeSpan.FromSeconds(30),
                ServerPids = [api.Pid],
                Progress = TextWriter.Null,
                Actions =
                [
                    // The window is the time the database was surely out: from the end of its stop to the start of its return.
                    new TimedAction($"database {kind}", OutageAt, async _ => { await begin(database); outageBegan = clock.Elapsed.TotalSeconds; }),
                    new TimedAction("database back", OutageAt + outage, async _ => { outageEnded = clock.Elapsed.TotalSeconds; await end(database); }),
                ],
            };

            var result = await LoadRun.RunAsync(options, ct);
            await probing.CancelAsync();
            var probes = await probe;
            output.WriteLine(SummaryWriter.Format(result));

            var stored = await ListAndCountAsync(url, result.Timeline!.UserIds, ct);
            var acknowledged = result.Timeline.Acknowledged.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var storedIds = stored.Values.SelectMany(s => s.Ids).ToHashSet(StringComparer.Ordinal);
            var logLines = File.ReadAllLines(Path.Combine(logs, "api.log"));
            var warnings = logLines.Count(l => l.Contains("warn: ", StringComparison.Ordinal));
            var errors = logLines.Count(l => l.Contains("fail: ", StringComparison.Ordinal) || l.Contains("crit: ", StringComparison.Ordinal));
            var creates = probes.Where(p => p.Kind == "create").ToList();
            // Sent and answered while the database was out (a create sent late in it may succeed once the database is back).
            var during = creates.Where(p => p.At > outageBegan + 1 && p.AnsweredAt < outageEnded).ToList();
            var readyAgain = probes.Where(p => p.Kind == "ready" && p.At > outageEnded && p.Status == 200).Select(p => p.At - outageEnded!.Value).DefaultIfEmpty(double.NaN).Min();
            var createsAgain = creates.Where(p => p.At > outageEnded && p.Status == 201).Select(p => p.At - outageEnded!.Value).DefaultIfEmpty(double.NaN).Min();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                Database {kind} from {outageBegan:0.0} s to {outageEnded:0.0} s.
                  acknowledged {acknowledged.Count}, stored {storedIds.Count}; answers 503 to the load tool {Count(result, "503")}, 500s {Count(result, "500")}
                  probe creates during the outage: {during.Count} ({during.Count(p => p.Status == 503 && p.RetryAfter)} 503 + Retry-After), longest {creates.Max(p => p.Milliseconds):0} ms
                  ready again {readyAgain:0.00} s and the first create 201 again {createsAgain:0.00} s after the database was back
                  Api log: {logLines.Length} lines, {warnings} warnings, {errors} errors
                """));
            await ArtifactJson.WriteAsync($"database-{kind}.json", new
            {
                Kind = kind,
                OutageSeconds = Math.Round(outageEnded!.Value - outageBegan!.Value, 1),
                Acknowledged = acknowledged.Count,
                Stored = storedIds.Count,
                Answers503 = Count(result, "503"),
                Answers500 = Count(result, "500"),
                ProbeCreatesDuringOutage = during.Count,
                LongestProbeCreateMs = Math.Round(creates.Max(p => p.Milliseconds)),
                ReadyAgainSeconds = Math.Round(readyAgain, 2),
                FirstCreatedAgainSeconds = Math.Round(createsAgain, 2),
                LogLines = logLines.Length,
                Warnings = warnings,
                Errors = errors,
            }, ct);
            output.WriteLine(string.Join('\n', logLines.Where(l => l.Contains("warn: ", StringComparison.Ordinal) || l.Contains("fail: ", StringComparison.Ordinal)).Take(40)));

            Assert.Null(result.SetupError);
            Assert.All(result.Actions, a => Assert.Null(a.Error));
            Assert.Equal(0, result.Producers!.GaveUp);                                  // every create was acknowledged in the end
            Assert.Equal(0, Count(result, "500"));                                     // never a 500
            Assert.All(creates, p => Assert.True(p.Status is 201 or 503, $"probe create answered {p.Status} at {p.At:0.0} s"));
            Assert.All(creates.Where(p => p.Status == 503), p => Assert.True(p.RetryAfter, "a 503 without Retry-After"));
            Assert.All(creates, p => Assert.InRange(p.Milliseconds, 0, RequestBound.TotalMilliseconds));
            Assert.NotEmpty(during);
            Assert.All(during, p => Assert.Equal(503, p.Status));                      // the outage is really an outage
            Assert.Contains(probes, p => p.Kind == "ready" && p.Status == 503 && p.At > outageBegan + 1 && p.AnsweredAt < outageEnded);
            Assert.InRange(readyAgain, 0, 15);                                          // back without a restart
            Assert.False(api.HasExited);
            Assert.DoesNotContain(acknowledged, id => !storedIds.Contains(id));         // acknowledged means stored
            Assert.All(stored.Values, s => Assert.Equal(s.Ids.Count, s.CountsTotal));   // counts equal the list
            Assert.Equal(0, result.Loss.Lost + result.Loss.MissingOnReconnected);       // and every connection has them all
            Assert.Equal(0, result.Duplicated);
            Assert.InRange(errors, 0, 0);
            Assert.InRange(warnings, 1, 20);                                            // a state change, not a line per request
        }
        catch
        {
            output.WriteLine($"Api log kept in {logs}:\n{api.Tail(60)}");
            throw;
        }
        finally
        {
            await api.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static NodeProcess StartApi(string postgres, string logs, out Uri url)
    {
        var dll = TestHosts.BuildOutput("Api", "Notifications.Api.dll");
        url = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__SigningKey"] = SigningKey,
            ["Cluster__SiloPort"] = TestHosts.Port(LoopbackPorts.Free()),
            ["Cluster__GatewayPort"] = TestHosts.Port(LoopbackPorts.Free()),
            ["Storage__Provider"] = "Postgres",
            ["Storage__PostgresConnectionString"] = postgres,
            ["RateLimits__UserRequestsPerMinute"] = "1000000",
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        return NodeProcess.Start("api", "dotnet", [dll, "--urls", url.ToString().TrimEnd('/')], Path.GetDirectoryName(dll)!, environment, logs);
    }

    /// <summary>Two loops, each timed and recorded twice a second: <c>/health/ready</c>, and one create for a user of its own.</summary>
    private static async Task<List<Probe>> ProbeAsync(Uri url, Stopwatch clock, CancellationToken ct)
    {
        var minter = new TokenMinter(SigningKey, "notifications", "notifications");
        var producer = new AuthenticationHeaderValue("Bearer", minter.Mint("outage-probe-producer", "service"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        const string body = """{"userId":"outage-probe","type":"system","title":"probe"}""";
        var loops = await Task.WhenAll(
            LoopAsync("ready", () => new HttpRequestMessage(HttpMethod.Get, new Uri(url, "health/ready"))),
            LoopAsync("create", () => new HttpRequestMessage(HttpMethod.Post, new Uri(url, "api/notifications"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { Authorization = producer },
            }));
        return [.. loops.SelectMany(l => l).OrderBy(p => p.At)];

        async Task<List<Probe>> LoopAsync(string kind, Func<HttpRequestMessage> request)
        {
            var probes = new List<Probe>();
            while (!ct.IsCancellationRequested)
            {
                var at = clock.Elapsed.TotalSeconds;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var message = request();
                    using var response = await http.SendAsync(message, CancellationToken.None);
                    probes.Add(new Probe(kind, at, (int)response.StatusCode, response.Headers.RetryAfter is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    probes.Add(new Probe(kind, at, 0, false, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }

                try
                {
                    await Task.Delay(500, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return probes;
        }
    }

    /// <summary>Every user's notifications (afterSeq pages) and its counts' total.</summary>
    private static async Task<Dictionary<string, (List<string> Ids, int CountsTotal)>> ListAndCountAsync(Uri url, IReadOnlyList<string> userIds, CancellationToken ct)
    {
        var minter = new TokenMinter(SigningKey, "notifications", "notifications");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var result = new ConcurrentDictionary<string, (List<string>, int)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (userId, token) =>
        {
            var bearer = new AuthenticationHeaderValue("Bearer", minter.Mint(userId));
            var ids = new List<string>();
            long afterSeq = 0;
            for (var page = 0; page < 1_000; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, $"api/notifications?limit=100&afterSeq={afterSeq}")) { Headers = { Authorization = bearer } };
                using var response = await http.SendAsync(request, token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var list = (await response.Content.ReadFromJsonAsync(WireJson.Default.ListAnswer, token))!;
                ids.AddRange(list.Items.Select(i => i.Id));
                if (!list.HasMore || list.Items.Count == 0)
                {
                    break;
                }

                afterSeq = list.Items[^1].Seq;
            }

            using var countsRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/notifications/counts")) { Headers = { Authorization = bearer } };
            using var counts = await http.SendAsync(countsRequest, token);
            var total = (await counts.Content.ReadFromJsonAsync(WireJson.Default.CountsView, token))!.Total;
            result[userId] = (ids, total);
        });
        return new Dictionary<string, (List<string>, int)>(result, StringComparer.Ordinal);
    }

    private static long Count(LoadResult result, string status) =>
        result.HttpStatuses.Where(kv => kv.Key.EndsWith(" " + status, StringComparison.Ordinal)).Sum(kv => kv.Value);

    private sealed record Probe(string Kind, double At, int Status, bool RetryAfter, double Milliseconds)
    {
        public double AnsweredAt => At + (Milliseconds / 1000);
    }
}
