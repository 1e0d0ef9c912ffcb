using System.Globalization;
using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Contract;

/// <summary>Helpers for the v2 routes (API.md, "Inbox states and producer controls").</summary>
internal static partial class ContractKit
{
    public static string IdOf(JsonElement notification) => notification.GetProperty("id").GetString()!;

    public static long SeqOf(JsonElement notification) => notification.GetProperty("seq").GetInt64();

    public static DateTimeOffset TimeOf(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>A request time as a client may write it: ISO 8601 with milliseconds and the given offset.</summary>
    public static string Wire(DateTimeOffset time, TimeSpan offset = default) =>
        time.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>How an answer writes a time: UTC, milliseconds, <c>Z</c>.</summary>
    public static string Answered(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time as the service keeps it: truncated to the millisecond.</summary>
    public static DateTimeOffset ToMillisecond(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public static async Task<JsonElement> PatchOkAsync(this HttpClient user, string path, object? body = null) =>
        await (await user.PatchAsync(path, body is null ? null : body is string s ? Json(s) : Json(body), Ct)).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> SnoozeAsync(this HttpClient user, string id, object until) =>
        user.PatchJsonAsync($"api/notifications/{id}/snooze", until is string text ? new { until = text } : until);

    /// <summary>Snoozes and expects 200; returns the notification.</summary>
    public static async Task<JsonElement> SnoozedAsync(this HttpClient user, string id, DateTimeOffset until) =>
        await (await user.SnoozeAsync(id, Wire(until))).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> ActAsync(this HttpClient user, string id, string actionId) =>
        user.PostAsync($"api/notifications/{id}/actions/{actionId}", null, Ct);

    public static async Task<JsonElement> GetNotificationAsync(this HttpClient user, string id) =>
        await (await user.GetPathAsync($"api/notifications/{id}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The ids of a list, in its order.</summary>
    public static async Task<string[]> ListIdsAsync(this HttpClient user, string query = "") => Ids(await user.ListAsync(query));

    /// <summary>The counts an answer carries are the counts GET answers now, property for property.</summary>
    public static async Task AssertCountsAreCurrentAsync(this HttpClient user, JsonElement counts)
    {
        Assert.Equal(CountsProperties, counts.EnumerateObject().Select(p => p.Name).Order());
        var current = await user.CountsAsync();
        foreach (var name in new[] { "total", "unread", "unseen", "archived", "snoozed", "lastSeq" })
        {
            Assert.True(current.GetProperty(name).GetRawText() == counts.GetProperty(name).GetRawText(), $"{name}: answered {counts}, now {current}");
        }

        Assert.Equal(NonZero(current.GetProperty("byType")), NonZero(counts.GetProperty("byType")));
        Assert.Equal(NonZero(current.GetProperty("byPriority")), NonZero(counts.GetProperty("byPriority")));
    }

    /// <summary>total, unread, unseen, archived, snoozed and lastSeq, in that order, for exact comparisons.</summary>
    public static long[] Tally(JsonElement counts) =>
        [.. new[] { "total", "unread", "unseen", "archived", "snoozed", "lastSeq" }.Select(name => counts.GetProperty(name).GetInt64())];

    public static async Task<long[]> TallyAsync(this HttpClient user) => Tally(await user.CountsAsync());
}
