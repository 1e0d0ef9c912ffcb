using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Notifications.Bench.Shared;

namespace Notifications.Bench.Counts;

/// <summary>
/// The service's own <c>GET /api/notifications/counts</c> (answered from the inbox grain's memory)
/// at the same volume per user: seeds <see cref="CountsSettings.PerUser"/> notifications for a
/// few users through the batch endpoint, marks some types read, then measures with the same
/// closed-loop workers as the SQL side.
/// </summary>
public static class HttpCounts
{
    /// <summary>The type mix of the SQL seed, one batch after another (weights as in SampleRows).</summary>
    private static readonly string[] TypeCycle = BuildCycle();

    private static readonly JsonSerializerOptions WithoutNulls = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task<(CountsFigure Figure, HttpSeeding Seeding)> RunAsync(Uri baseUrl, string signingKey, CountsSettings s, CancellationToken cancellationToken)
    {
        Loopback.Require(baseUrl);
        if (Encoding.UTF8.GetByteCount(signingKey) < 32)
        {
            throw new ArgumentException("--http needs the service's signing key (--signing-key or env Auth__SigningKey, at least 32 bytes).");
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, s.HttpUsers).Select(i => $"counts-{run}-{i}").ToArray();
        var key = Encoding.UTF8.GetBytes(signingKey);
        string Mint(string sub) => Jwt.Mint(key, sub, ["service"], TimeSpan.FromHours(2));

        // Role service on the users' own tokens too: counts are still the caller's own inbox, and the
        // end-user limit (100 requests/min) would otherwise cap the measurement, not the service.
        var producer = Mint($"counts-{run}-producer");
        var userTokens = users.Select(Mint).ToArray();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(s.Workers, s.SeedConcurrency) + 8, UseProxy = false, UseCookies = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, s.SeedConcurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < s.PerUser)
            {
                var type = TypeCycle[i % TypeCycle.Length];
                var body = new
                {
                    userIds = users,
                    notification = new
                    {
                        type,
                        title = "Seed " + type,
                        content = "counts benchmark seed notification with a few words of content like a chat message",
                        senderId = "seed-" + i.ToString(CultureInfo.InvariantCulture), // never the 6th mention from one sender
                        conversationId = "conv-" + (i % 200).ToString(CultureInfo.InvariantCulture),
                        priority = i % 10 == 0 ? "high" : null,
                        data = new { seed = i },
                    },
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications/batch") { Content = JsonContent.Create(body, options: WithoutNulls) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", producer);
                using var response = await client.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failures) > 100)
                {
                    throw new InvalidOperationException($"Seeding failed: batch answered {(int)response.StatusCode} more than 100 times.");
                }

                if (i % 1000 == 999)
                {
                    Console.Error.WriteLine($"  seeded {i + 1:N0} / {s.PerUser:N0} batches");
                }
            }
        }));

        // Reading most messages and reactions leaves a realistic unread mix.
        foreach (var (user, token) in users.Zip(userTokens))
        {
            foreach (var type in new[] { "new_message", "message_reaction", "member_joined" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, "api/notifications/read-all") { Content = JsonContent.Create(new { type }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }

        var seedSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sample = await CountsAsync(client, userTokens[0], cancellationToken);
        var seeding = new HttpSeeding(users.Length, s.PerUser, s.PerUser, Math.Round(seedSeconds, 1), sample.Total, sample.Unread);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {users.Length} users x {s.PerUser:N0} in {seedSeconds:0.0} s; counts of {users[0]}: total {sample.Total}, unread {sample.Unread}"));
        if (sample.Total != s.PerUser)
        {
            Console.Error.WriteLine($"  warning: {users[0]} holds {sample.Total} notifications, not {s.PerUser} (failed batches: {failures})");
        }

        var (requests, errors, seconds, latencies) = await ClosedLoop.RunAsync(
            s.Workers,
            s.WarmupSeconds,
            s.DurationSeconds,
            _ => random => CountsAsync(client, userTokens[random.Next(userTokens.Length)], cancellationToken),
            cancellationToken);
        var figure = new CountsFigure(
            "service-http",
            $"GET /api/notifications/counts on the service (grain memory, HTTP + JWT + JSON included), {users.Length} users",
            requests,
            errors,
            Math.Round(requests / seconds, 1),
            LatencySummary.From(latencies));
        return (figure, seeding);
    }

    private static async Task<(int Total, int Unread)> CountsAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/counts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"counts answered {(int)response.StatusCode}");
        }

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return (document.RootElement.GetProperty("total").GetInt32(), document.RootElement.GetProperty("unread").GetInt32());
    }

    private static string[] BuildCycle()
    {
        (string Type, int Weight)[] weights =
        [
            ("new_message", 40), ("message_reply", 10), ("user_mentioned", 8), ("message_reaction", 15), ("contact_request", 3),
            ("contact_accepted", 2), ("new_conversation_direct", 3), ("new_conversation_group", 3), ("member_joined", 8),
            ("missed_call", 5), ("system", 3),
        ];
        var cycle = new List<string>();
        for (var round = 0; cycle.Count < 100; round++)
        {
            foreach (var (type, weight) in weights)
            {
                if (round < weight)
                {
                    cycle.Add(type);
                }
            }
        }

        return [.. cycle];
    }
}

/// <summary>HS256 tokens as API.md describes them (sub, role, iss, aud, exp), with the framework's HMAC only.</summary>
public static class Jwt
{
    public static string Mint(byte[] key, string sub, string[] roles, TimeSpan lifetime, string issuer = "notifications", string audience = "notifications")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = sub, ["role"] = roles, ["iss"] = issuer, ["aud"] = audience, ["iat"] = now, ["nbf"] = now - 60, ["exp"] = now + (long)lifetime.TotalSeconds,
        }));
        var signature = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
