using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Api.Tests.Infrastructure;
using Notifications.Grains.Domain;
using Notifications.ServiceDefaults;
using OpenTelemetry.Trace;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Telemetry;

/// <summary>
/// Privacy you can prove (SPEC §8): a scenario that touches every surface — creates, a batch,
/// reads, preferences, a broadcast, SignalR over each transport, a store outage — logged at Debug
/// for every category (Orleans' own included) and traced into memory; no raw user id, no
/// notification text, no token and no signing key may appear in what the console formatters
/// (text and JSON) write or in any exported span.
/// </summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task Logs_and_spans_of_a_whole_scenario_carry_no_user_id_text_or_token()
    {
        var run = Guid.NewGuid().ToString("N");
        var recipient = $"privacy-{run}";
        var other = $"privacy-other-{run}";
        var sender = $"privacy-sender-{run}";
        var admin = $"privacy-admin-{run}";
        var producerId = $"privacy-producer-{run}";
        var texts = new[] { "title", "content", "preview", "sender", "data", "batch-title", "batch-content", "broadcast-title", "broadcast-content", "failed-title" }
            .ToDictionary(field => field, field => $"secret-{field}-{run}");

        var capture = new FormattedLogCapture();
        var api = new PrivacyApiFactory(capture);
        var spans = api.Spans;
        var tokens = new List<string>();
        string Token(string userId, params string[] roles)
        {
            var token = api.TokenFor(userId, roles);
            tokens.Add(token);
            return token;
        }

        await using (api)
        {
            await api.InitializeAsync();
            Assert.All(
                api.Services.GetRequiredService<IConfiguration>().GetSection("Logging:LogLevel").GetChildren(),
                level => Assert.True(level.Value == "Debug", $"Logging:LogLevel:{level.Key} is {level.Value}: the test must see every category at Debug"));

            using var user = api.WithToken(Token(recipient));
            using var producer = api.WithToken(Token(producerId, Roles.Service));
            using var administrator = api.WithToken(Token(admin, Roles.Admin));

            // Browsers cannot set headers on WebSockets or EventSource: the token travels in the URL.
            var inQuery = new Uri(api.BaseAddress, "hubs/notifications?access_token=" + Uri.EscapeDataString(Token(recipient)));
            var longPollingToken = Token(recipient);
            var connections = new[]
            {
                new HubConnectionBuilder().WithUrl(inQuery, HttpTransportType.WebSockets).Build(),
                new HubConnectionBuilder().WithUrl(inQuery, HttpTransportType.ServerSentEvents).Build(),
                new HubConnectionBuilder().WithUrl(new Uri(api.BaseAddress, "hubs/notifications"), HttpTransportType.LongPolling, o =>
                    o.AccessTokenProvider = () => Task.FromResult<string?>(longPollingToken)).Build(),
            };
            var recorders = connections.Select(c => new EventRecorder(c)).ToArray();
            foreach (var (connection, events) in connections.Zip(recorders))
            {
                await connection.StartAsync(Ct);
                await events.NextAsync("notification:counts");
            }

            var created = await producer.CreatedAsync(new
            {
                userId = recipient,
                type = "user_mentioned",
                title = texts["title"],
                content = texts["content"],
                senderId = sender,
                senderUsername = texts["sender"],
                messagePreview = texts["preview"],
                conversationId = $"conversation-{run}",
                data = new { note = texts["data"] },
            });
            var id = created.GetProperty("id").GetString()!;
            foreach (var events in recorders)
            {
                await events.SkipToAsync("notification");
            }

            var batch = await (await producer.PostAsync("api/notifications/batch", Json(new
            {
                userIds = new[] { recipient, other },
                notification = new { type = "new_message", title = texts["batch-title"], content = texts["batch-content"], senderId = sender, senderUsername = texts["sender"] },
            }), Ct)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, batch.GetProperty("created").GetInt32());

            Assert.Equal(2, (await user.ListAsync()).GetProperty("items").GetArrayLength());
            Assert.Equal(2, (await user.CountsAsync()).GetProperty("unread").GetInt32());
            await (await user.GetPathAsync($"api/notifications/{id}")).ExpectAsync(HttpStatusCode.OK);
            await (await user.PatchAsync($"api/notifications/{id}/read", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            await (await user.PatchAsync("api/notifications/read-all", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"api/notifications/{id}", Ct)).StatusCode);

            await (await user.GetPathAsync("api/notifications/preferences")).ExpectAsync(HttpStatusCode.OK);
            await (await user.PutJsonAsync("api/notifications/preferences", new { mutedConversations = new[] { $"conversation-{run}" }, disabledTypes = new[] { "missed_call" } }))
                .ExpectAsync(HttpStatusCode.OK);

            await (await administrator.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { recipient, other }, title = texts["broadcast-title"], content = texts["broadcast-content"] }), Ct))
                .ExpectAsync(HttpStatusCode.OK);

            // Refused tokens are logged by the JWT handler and IdentityModel: they must not be either.
            var expired = Mint(new() { ["sub"] = recipient }, expires: DateTime.UtcNow.AddHours(-1));
            var forged = Mint(new() { ["sub"] = recipient }, key: "not-the-signing-key-of-this-service-0123456789");
            tokens.AddRange([expired, forged]);
            foreach (var refused in new[] { expired, forged })
            {
                using var stranger = api.WithToken(refused);
                await (await stranger.GetPathAsync("api/notifications/counts")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
                using var anonymous = api.ClientFor(null);
                var negotiate = await anonymous.PostAsync("hubs/notifications/negotiate?negotiateVersion=1&access_token=" + refused, null, Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
            }

            await api.ExecuteOnDatabaseAsync("CREATE TRIGGER privacy_refused BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            var failed = await producer.PostCreateAsync(new { userId = recipient, type = "system", title = texts["failed-title"], content = texts["content"] });
            await failed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
            await api.ExecuteOnDatabaseAsync("DROP TRIGGER privacy_refused");
            await producer.CreatedAsync(new { userId = recipient, type = "system", title = texts["title"], content = texts["content"] });

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        // The host is stopped: every request, grain deactivation and span has ended and been written.
        var secrets = new List<(string Kind, string Value)> { ("the signing key", NotificationsApiFactory.SigningKey) };
        secrets.AddRange(new[] { recipient, other, sender, admin, producerId }.Select(userId => ("a user id", userId)));
        secrets.AddRange(texts.Values.Select(text => ("notification text", text)));

        // A token's claims name its user, its signature is what makes it usable: neither may appear even alone.
        secrets.AddRange(tokens.Distinct().SelectMany(token => new[] { token, token.Split('.')[1], token.Split('.')[2] }).Select(part => ("a token", part)));

        var entries = capture.Snapshot();
        var exported = spans.Snapshot();
        var leaks = new List<(string Kind, string Where, string Line)>();
        foreach (var entry in entries)
        {
            if (Leak(secrets, entry.Text) is { } kind)
            {
                leaks.Add((kind, $"the {entry.Formatter} log of {entry.Category}", entry.Text.TrimEnd()));
            }
        }

        foreach (var span in exported)
        {
            foreach (var (where, value) in Texts(span))
            {
                if (Leak(secrets, value) is { } kind)
                {
                    leaks.Add((kind, $"{span.Source.Name} spans' {where}", $"span '{span.DisplayName}': {value}"));
                }
            }
        }

        // One example of each kind of leak at each place, with how often it happened.
        var report = leaks.GroupBy(l => (l.Kind, l.Where)).Select(g => $"{g.Key.Kind} in {g.Key.Where} ({g.Count()}x), e.g.\n    {g.First().Line}");
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", report));

        // Evidence that the scenario ran and was seen at every level, so the test cannot pass on an empty capture.
        foreach (var name in FormattedLogCapture.FormatterNames)
        {
            Assert.Contains(entries, e => e.Formatter == name);
        }

        Assert.All(entries.Where(e => e.Formatter == RedactingJsonConsoleFormatter.Name), e => JsonDocument.Parse(e.Text).Dispose());
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Category.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Text.Contains("is unavailable", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Text.Contains($"userinbox/#{UserIdHash.Of(recipient)}", StringComparison.Ordinal));

        Assert.Contains(exported, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST /api/notifications", StringComparison.Ordinal));
        Assert.Contains(exported, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("GET /hubs/notifications", StringComparison.Ordinal));
        Assert.Contains(exported, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IUserInboxGrain", StringComparison.Ordinal));
        Assert.Contains(exported, s => s.DisplayName == "inbox push");
        Assert.Contains(exported, s => s.TagObjects.Any(t => t.Value is string v && v == $"userinbox/#{UserIdHash.Of(recipient)}"));
    }

    private static string? Leak(List<(string Kind, string Value)> secrets, string text) =>
        secrets.FirstOrDefault(s => text.Contains(s.Value, StringComparison.OrdinalIgnoreCase)).Kind;

    /// <summary>Every text of a span an exporter sends.</summary>
    private static IEnumerable<(string Where, string Value)> Texts(Activity span)
    {
        yield return ("display name", span.DisplayName);
        if (span.StatusDescription is { } status)
        {
            yield return ("status description", status);
        }

        foreach (var (key, value) in span.TagObjects)
        {
            yield return ($"tag {key}", Stringify(value));
        }

        foreach (var e in span.Events)
        {
            yield return ("event name", e.Name);
            foreach (var (key, value) in e.Tags)
            {
                yield return ($"event '{e.Name}' tag {key}", Stringify(value));
            }
        }

        foreach (var link in span.Links)
        {
            foreach (var (key, value) in link.Tags ?? [])
            {
                yield return ($"link tag {key}", Stringify(value));
            }
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return ($"baggage {key}", value ?? "");
        }
    }

    private static string Stringify(object? value) => value switch
    {
        null => "",
        string text => text,
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>()),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// The service at Debug for every category its configuration names, with tracing on, an
    /// in-memory span exporter and the formatted-log capture.
    /// </summary>
    private sealed class PrivacyApiFactory(FormattedLogCapture capture) : NotificationsApiFactory(null, "Development", DebugEverywhere())
    {
        public LockedCollection<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Telemetry:Tracing", "true");
            builder.ConfigureServices(services =>
            {
                capture.AddTo(services);
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            });
        }

        // Every level appsettings.json raises comes back down; the console itself stays quiet, since the
        // capture runs the same formatters.
        private static Dictionary<string, string?> DebugEverywhere()
        {
            var settings = new Dictionary<string, string?> { ["Logging:Console:LogLevel:Default"] = "None" };
            using var appsettings = JsonDocument.Parse(RepositoryFiles.Read("src/Api/appsettings.json"));
            foreach (var category in appsettings.RootElement.GetProperty("Logging").GetProperty("LogLevel").EnumerateObject())
            {
                settings[$"Logging:LogLevel:{category.Name}"] = "Debug";
            }

            settings["Logging:LogLevel:Default"] = "Debug";
            return settings;
        }
    }
}
