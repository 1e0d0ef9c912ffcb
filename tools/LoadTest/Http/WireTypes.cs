using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.LoadTest.Http;

// Only the fields the tool reads: System.Text.Json skips the rest of each payload cheaply.

/// <summary>The <c>data</c> every notification of a run carries: the run and the send time.</summary>
public sealed record RunStamp(string? RunId, long SentAt);

/// <summary>A Notification (HTTP body or the <c>notification</c> event).</summary>
public sealed record NotificationView(string Id, string UserId, long Seq, RunStamp? Data);

/// <summary>The answer to a single create.</summary>
public sealed record CreateAnswer(string Status, NotificationView? Notification);

public sealed record FanOutItem(string UserId, string Status, string? Id);

/// <summary>The answer to a batch.</summary>
public sealed record FanOutAnswer(int Created, int Duplicate, int Suppressed, int RateLimited, IReadOnlyList<FanOutItem> Results);

/// <summary>A page of the list (newest first) or of the catch-up (oldest first).</summary>
public sealed record ListAnswer(IReadOnlyList<NotificationView> Items, string? NextCursor, bool HasMore);

/// <summary>The <c>notification:counts</c> event and <c>GET …/counts</c>.</summary>
public sealed record CountsView(int Total, int Unread, long LastSeq);

/// <summary>Source-generated (de)serializers: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateAnswer))]
[JsonSerializable(typeof(FanOutAnswer))]
[JsonSerializable(typeof(ListAnswer))]
[JsonSerializable(typeof(CountsView))]
[JsonSerializable(typeof(NotificationView))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
public sealed partial class WireJson : JsonSerializerContext;
