using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Notifications.Api.Auth;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// XSS and SQL payloads in every text field (action labels included), read back over REST (list, by id) and SignalR: text
/// comes back as plain text (SQL text exactly as sent), ids that cannot hold them are 400s, data comes
/// back as sent, and the store keeps working (counts equal the list).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PayloadRoundTripTests(NotificationsApiFactory factory, ITestOutputHelper output)
{
    private static readonly string[] TextFields = ["title", "content", "senderUsername", "messagePreview"];

    [Fact]
    public async Task Payloads_in_text_fields_come_back_as_plain_text_over_rest_and_signalr()
    {
        using var producer = factory.Producer();
        await HostileRun.ForEachCaseAsync(output, "round-trip", async (gen, replay) =>
        {
            var userId = NotificationsApiFactory.NewUserId("hostile-rt");
            await using var hub = factory.HubFor(userId);
            var events = new EventRecorder(hub);
            await hub.StartAsync(TestContext.Current.CancellationToken);
            await events.SkipToAsync("notification:counts");
            using var user = factory.ClientFor(userId);

            var created = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var body = new Dictionary<string, object?> { ["userId"] = userId, ["type"] = gen.Pick(["system", "new_message", "user_mentioned"]), ["senderId"] = "bob" };
                foreach (var field in TextFields)
                {
                    body[field] = gen.Payload();
                }

                // A label is short and must keep some text once sanitized: the payload's first 39 code points after an x.
                var label = "x" + string.Concat(gen.Payload().EnumerateRunes().Take(39).Select(r => r.ToString()));
                body["actions"] = new[] { new { id = "a", label } };
                var dataValue = gen.Payload();
                body["data"] = new Dictionary<string, string> { ["k"] = dataValue, [gen.Pick(HostileGen.Markup)] = gen.Pick(HostileGen.Sql) };
                body["idempotencyKey"] = gen.Pick(HostileGen.Sql) + i + gen.Next(1_000_000);
                var json = JsonSerializer.Serialize(body);
                var answer = await HostileProbe.SendAsync(producer, HostileProbe.Request(HttpMethod.Post, "api/notifications", System.Text.Encoding.UTF8.GetBytes(json)), replay, json);
                Assert.True(answer.Status == 201, replay.Describe(json) + $" -> {answer.Status}: {answer.Body}");
                var notification = answer.Json().GetProperty("notification");
                var id = notification.GetProperty("id").GetString()!;
                created.Add(id);
                foreach (var field in TextFields.Where(f => notification.GetProperty(f).ValueKind == JsonValueKind.String))
                {
                    var sent = (string)body[field]!;
                    if (HostileGen.Sql.Contains(sent))
                    {
                        Assert.True(sent == notification.GetProperty(field).GetString(), $"SQL text altered in {field}: " + replay.Describe(json));
                    }
                }

                Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(body["data"]), notification.GetProperty("data")), "data not as sent " + replay.Describe(json));

                var pushed = await events.NextAsync("notification");
                HostileProbe.AssertPlainText(pushed, replay.Describe("pushed " + json));
                Assert.True(pushed.GetRawText() == notification.GetRawText(), "the push differs from the answer " + replay.Describe(json));
                await events.NextAsync("notification:counts");

                var byId = await HostileProbe.SendAsync(user, new HttpRequestMessage(HttpMethod.Get, $"api/notifications/{id}"), replay, "GET by id");
                Assert.True(byId.Status == 200 && byId.Json().GetRawText() == notification.GetRawText(), replay.Describe("GET by id") + $" -> {byId.Status}");
            }

            // Ids cannot hold payloads: a 400, never stored.
            var reference = gen.Pick(["conversationId", "messageId", "callSessionId", "senderId", "userId", "senderAvatar"]);
            var bad = new Dictionary<string, object?> { ["userId"] = userId, ["type"] = "system", [reference] = gen.Chance(0.5) ? gen.Pick(HostileGen.Markup) : gen.Pick(HostileGen.Sql) };
            var badJson = JsonSerializer.Serialize(bad);
            var refused = await HostileProbe.SendAsync(producer, HostileProbe.Request(HttpMethod.Post, "api/notifications", System.Text.Encoding.UTF8.GetBytes(badJson)), replay, badJson);
            Assert.True(refused.Status == 400 && refused.Json().GetProperty("errors").TryGetProperty(reference, out _), replay.Describe(badJson) + $" -> {refused.Status}: {refused.Body}");

            var list = await HostileProbe.SendAsync(user, new HttpRequestMessage(HttpMethod.Get, "api/notifications?limit=100"), replay, "list");
            var items = list.Json().GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToArray();
            Assert.True(created.AsEnumerable().Reverse().SequenceEqual(items), "the list is not what was created " + replay.Describe("list"));
            var counts = (await HostileProbe.SendAsync(user, new HttpRequestMessage(HttpMethod.Get, "api/notifications/counts"), replay, "counts")).Json();
            Assert.True(counts.GetProperty("total").GetInt32() == items.Length, "counts differ from the list " + replay.Describe("counts"));
        }, cases: Math.Max(2, HostileRun.Cases / 20));
    }

    [Fact]
    public async Task Payloads_in_broadcasts_and_preferences_never_come_back_as_markup()
    {
        await HostileRun.ForEachCaseAsync(output, "broadcast-preferences", async (gen, replay) =>
        {
            var userId = NotificationsApiFactory.NewUserId("hostile-bc");
            await using var hub = factory.HubFor(userId);
            var events = new EventRecorder(hub);
            await hub.StartAsync(TestContext.Current.CancellationToken);
            await events.SkipToAsync("notification:counts");
            using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("hostile-admin"), Roles.Admin);
            using var user = factory.ClientFor(userId);

            var broadcast = JsonSerializer.Serialize(new { userIds = new[] { userId }, title = gen.Pick(HostileGen.Markup) + "x", content = gen.Payload(), priority = "urgent" });
            var answer = await HostileProbe.SendAsync(admin, HostileProbe.Request(HttpMethod.Post, "api/admin/broadcast", System.Text.Encoding.UTF8.GetBytes(broadcast)), replay, broadcast);
            Assert.True(answer.Status == 200 && answer.Json().GetProperty("created").GetInt32() == 1, replay.Describe(broadcast) + $" -> {answer.Status}: {answer.Body}");
            HostileProbe.AssertPlainText(await events.NextAsync("notification"), replay.Describe("pushed " + broadcast));

            var preferences = JsonSerializer.Serialize(new
            {
                disabledTypes = new[] { gen.Pick(HostileGen.Markup) },
                mutedConversations = new[] { gen.Pick(HostileGen.Sql) },
                dnd = new { enabled = true, start = "22:00", end = "07:00", timeZone = gen.Pick(["<script>alert(1)</script>", "'; DROP TABLE notifications;--", "../../../../etc/passwd"]) },
            });
            var put = await HostileProbe.SendAsync(user, HostileProbe.Request(HttpMethod.Put, "api/notifications/preferences", System.Text.Encoding.UTF8.GetBytes(preferences)), replay, preferences);
            Assert.True(put.Status == 400, replay.Describe(preferences) + $" -> {put.Status}");
            var errors = put.Json().GetProperty("errors");
            Assert.True(errors.TryGetProperty("disabledTypes[0]", out _) && errors.TryGetProperty("mutedConversations[0]", out _) && errors.TryGetProperty("dnd.timeZone", out _), replay.Describe(preferences) + ": " + put.Body);

            var stored = await HostileProbe.SendAsync(user, new HttpRequestMessage(HttpMethod.Get, "api/notifications/preferences"), replay, "GET preferences");
            Assert.True(stored.Status == 200 && stored.Json().GetProperty("mutedConversations").GetArrayLength() == 0, replay.Describe("GET preferences") + ": " + stored.Body);
            var list = await HostileProbe.SendAsync(user, new HttpRequestMessage(HttpMethod.Get, "api/notifications"), replay, "list");
            Assert.Equal(1, list.Json().GetProperty("items").GetArrayLength());
        }, cases: Math.Max(2, HostileRun.Cases / 20));
    }
}
