using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Contract;

/// <summary>Small helpers shared by the contract tests: requests, exact shapes, hand-made tokens.</summary>
internal static partial class ContractKit
{
    public static readonly string[] Types =
    [
        "new_message", "message_reply", "user_mentioned", "message_reaction", "contact_request", "contact_accepted",
        "new_conversation_direct", "new_conversation_group", "member_joined", "missed_call", "system",
    ];

    public static readonly string[] NotificationProperties =
    [
        "id", "userId", "seq", "type", "title", "content", "priority", "isRead", "readAt", "createdAt", "senderId",
        "senderUsername", "senderAvatar", "messagePreview", "conversationId", "messageId", "callSessionId", "data",
        "expiresAt", "silent", "seenAt", "archivedAt", "snoozedUntil", "collapseKey", "collapsedCount", "actions", "actedAction",
        "actedAt",
    ];

    public static readonly string[] CountsProperties =
        ["archived", "byPriority", "byType", "lastSeq", "snoozed", "total", "unread", "unseen"];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static Task<HttpResponseMessage> GetPathAsync(this HttpClient client, string path) => client.GetAsync(path, Ct);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsync(path, body is string s ? Json(s) : Json(body), Ct);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, object body) =>
        client.PatchAsync(path, body is string s ? Json(s) : Json(body), Ct);

    /// <summary>A create with the body as given (a JSON text or an object); returns the raw response.</summary>
    public static Task<HttpResponseMessage> PostCreateAsync(this HttpClient producer, object body) =>
        producer.PostAsync("api/notifications", body is string s ? Json(s) : Json(body), Ct);

    /// <summary>A create that must answer 201; returns the notification.</summary>
    public static async Task<JsonElement> CreatedAsync(this HttpClient producer, object body)
    {
        var answer = await (await producer.PostCreateAsync(body)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("created", answer.GetProperty("status").GetString());
        return answer.GetProperty("notification");
    }

    public static async Task<JsonElement> CountsAsync(this HttpClient user) =>
        await (await user.GetPathAsync("api/notifications/counts")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> ListAsync(this HttpClient user, string query = "") =>
        await (await user.GetPathAsync("api/notifications" + query)).ExpectAsync(HttpStatusCode.OK);

    public static long[] Seqs(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("seq").GetInt64())];

    public static string[] Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    /// <summary>Every page of a newest-first list, following nextCursor, with the query's filters.</summary>
    public static async Task<List<JsonElement>> WalkAsync(this HttpClient user, string filters, int limit)
    {
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = $"?limit={limit}{filters}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await user.ListAsync(query);
            pages.Add(page);
            Assert.True(pages.Count < 100, "paging does not end");
            var hasMore = page.GetProperty("hasMore").GetBoolean();
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            Assert.Equal(hasMore, cursor is not null);
        }
        while (cursor is not null);

        return pages;
    }

    /// <summary>A 400 problem whose <c>errors</c> names each field (or an entry of it, <c>field[i]</c>).</summary>
    public static async Task<JsonElement> ExpectValidationAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors in {problem}");
        Assert.Equal(JsonValueKind.Object, errors.ValueKind);
        Assert.NotEmpty(errors.EnumerateObject());
        foreach (var field in fields)
        {
            // An entry of a list is keyed by its path, e.g. "userIds[3]".
            var matching = errors.EnumerateObject()
                .Where(e => e.Name == field || e.Name.StartsWith(field + "[", StringComparison.Ordinal))
                .ToArray();
            Assert.True(matching.Length > 0, $"expected an error on '{field}': {errors}");
            Assert.All(matching, e =>
            {
                Assert.NotEmpty(e.Value.EnumerateArray());
                Assert.All(e.Value.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
            });
        }

        return problem;
    }

    /// <summary>The user's inbox holds nothing and no seq was ever assigned.</summary>
    public static async Task AssertEmptyInboxAsync(this HttpClient user)
    {
        var counts = await user.CountsAsync();
        Assert.Equal(0, counts.GetProperty("total").GetInt32());
        Assert.Equal(0, counts.GetProperty("lastSeq").GetInt64());
        Assert.Empty((await user.ListAsync()).GetProperty("items").EnumerateArray());
    }

    /// <summary>Nothing is left in the inbox, though seqs up to <paramref name="lastSeq"/> were assigned.</summary>
    public static async Task AssertNothingLeftAsync(this HttpClient user, long lastSeq)
    {
        var counts = await user.CountsAsync();
        Assert.Equal(0, counts.GetProperty("total").GetInt32());
        Assert.Equal(0, counts.GetProperty("unread").GetInt32());
        Assert.Equal(lastSeq, counts.GetProperty("lastSeq").GetInt64());
        Assert.Empty((await user.ListAsync()).GetProperty("items").EnumerateArray());
    }

    public static Dictionary<string, int> NonZero(JsonElement map) =>
        map.EnumerateObject().Where(p => p.Value.GetInt32() != 0).ToDictionary(p => p.Name, p => p.Value.GetInt32());

    public static void AssertTime(JsonElement value) =>
        Assert.Matches(TimePattern(), value.GetString());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    public static partial Regex TimePattern();

    /// <summary>API.md: returned text never holds a character reference nor '&lt;' followed by a letter, '/', '!' or '?'.</summary>
    public static void AssertPlainText(string? text)
    {
        if (text is null)
        {
            return;
        }

        Assert.DoesNotMatch(MarkupPattern(), text);
        Assert.Equal(text, WebUtility.HtmlDecode(text));
    }

    [GeneratedRegex(@"<[A-Za-z/!?]|&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")]
    private static partial Regex MarkupPattern();

    /// <summary>An HS256 token made by hand, so every claim and header can be wrong in its own way.</summary>
    public static string Mint(
        Dictionary<string, object> claims,
        string issuer = "notifications",
        string audience = "notifications",
        string key = NotificationsApiFactory.SigningKey,
        DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        var issuedAt = expiry.AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpClient WithToken(this NotificationsApiFactory factory, string token)
    {
        var client = factory.ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
