using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Notifications.Api.OpenApi;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.OpenApi;

/// <summary>
/// Real requests and answers through the real pipeline conform to the served document: the
/// bodies sent to its request schemas, every answer (status, media type, body) to what it declares
/// for that status, every SignalR payload to the schema its description names.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentConformanceTests(NotificationsApiFactory factory)
{
    private const string Notifications = "/api/notifications";

    [Fact]
    public async Task Producer_requests_and_answers_conform()
    {
        var document = await OpenApiFixture.FetchAsync(factory);
        using var producer = factory.Producer();
        var userId = NotificationsApiFactory.NewUserId();
        var full = new
        {
            userId,
            type = "user_mentioned",
            title = "Bob mentioned you",
            content = "hi @alice",
            priority = "high",
            senderId = "bob",
            senderUsername = "Bob",
            senderAvatar = "https://example.test/bob.png",
            messagePreview = "hi",
            conversationId = "c1",
            messageId = "m1",
            callSessionId = "call.1",
            data = new { nested = new[] { 1, 2 } },
            expiresAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
            idempotencyKey = "key-1",
        };

        await SendAsync(document, producer, "POST", Notifications, Notifications, full, HttpStatusCode.Created);
        await SendAsync(document, producer, "POST", Notifications, Notifications, full, HttpStatusCode.OK); // duplicate
        await SendAsync(document, producer, "POST", Notifications, Notifications, new { userId, type = "system" }, HttpStatusCode.Created);

        using (var user = factory.ClientFor(userId))
        {
            await (await user.PutJsonAsync("api/notifications/preferences", new { disabledTypes = new[] { "new_message" } })).ExpectAsync(HttpStatusCode.OK);
        }

        var suppressed = await SendAsync(document, producer, "POST", Notifications, Notifications, new { userId, type = "new_message" }, HttpStatusCode.OK);
        Assert.Equal("suppressed", suppressed.GetProperty("status").GetString());

        var batch = new { userIds = new[] { userId, NotificationsApiFactory.NewUserId() }, notification = new { type = "new_message", content = "hello", idempotencyKey = "batch-1" } };
        await SendAsync(document, producer, "POST", Notifications + "/batch", Notifications + "/batch", batch, HttpStatusCode.OK);

        // v2: a collapse key with actions, created then replaced (single and batch); a retract.
        var collapsing = new
        {
            userId,
            type = "message_reply",
            messageId = "m-conform",
            collapseKey = "thread:1",
            actions = new object[] { new { id = "reply", label = "Reply", url = "https://example.test/r" }, new { id = "mute", label = "Mute" } },
        };
        await SendAsync(document, producer, "POST", Notifications, Notifications, collapsing, HttpStatusCode.Created);
        var replaced = await SendAsync(document, producer, "POST", Notifications, Notifications, collapsing, HttpStatusCode.OK);
        Assert.Equal("replaced", replaced.GetProperty("status").GetString());
        var collapsingBatch = new { userIds = new[] { userId }, notification = new { type = "message_reply", collapseKey = "thread:1" } };
        var batchReplaced = await SendAsync(document, producer, "POST", Notifications + "/batch", Notifications + "/batch", collapsingBatch, HttpStatusCode.OK);
        Assert.Equal(1, batchReplaced.GetProperty("replaced").GetInt32());
        await SendAsync(document, producer, "POST", Notifications + "/retract", Notifications + "/retract", new { messageId = "m-conform" }, HttpStatusCode.OK);
        await SendAsync(document, producer, "POST", Notifications + "/retract", Notifications + "/retract", new { messageId = "m conform" }, HttpStatusCode.BadRequest, checkRequest: false);

        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("admin"), "admin");
        var broadcast = new { userIds = new[] { userId }, title = "Maintenance", content = "tonight", priority = "urgent" };
        await SendAsync(document, admin, "POST", "/api/admin/broadcast", "/api/admin/broadcast", broadcast, HttpStatusCode.OK);

        // Errors: 400 with errors, 401, 403, 413.
        await SendAsync(document, producer, "POST", Notifications, Notifications, new { userId = "not valid", type = "nope" }, HttpStatusCode.BadRequest, checkRequest: false);
        using var anonymous = factory.ClientFor(null);
        await SendAsync(document, anonymous, "POST", Notifications, Notifications, full, HttpStatusCode.Unauthorized);
        using var endUser = factory.ClientFor(userId);
        await SendAsync(document, endUser, "POST", Notifications + "/batch", Notifications + "/batch", batch, HttpStatusCode.Forbidden);
        var tooLarge = new { userId, type = "system", content = new string('x', 1_100_000) };
        await SendAsync(document, producer, "POST", Notifications, Notifications, tooLarge, HttpStatusCode.RequestEntityTooLarge, checkRequest: false);
    }

    [Fact]
    public async Task End_user_requests_and_answers_conform()
    {
        var document = await OpenApiFixture.FetchAsync(factory);
        using var producer = factory.Producer();
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1", data = new { a = 1 } });
        await producer.CreatedAsync(new { userId, type = "missed_call", callSessionId = "s1" });
        var id = first.GetProperty("id").GetString()!;

        await SendAsync(document, user, "GET", Notifications, Notifications + "?limit=1", null, HttpStatusCode.OK);
        await SendAsync(document, user, "GET", Notifications, Notifications + "?afterSeq=0&type=new_message", null, HttpStatusCode.OK);
        await SendAsync(document, user, "GET", Notifications, Notifications + "?limit=0", null, HttpStatusCode.BadRequest);
        await SendAsync(document, user, "GET", Notifications + "/counts", Notifications + "/counts", null, HttpStatusCode.OK);
        await SendAsync(document, user, "GET", Notifications + "/{id}", $"{Notifications}/{id}", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/read", $"{Notifications}/{id}/read", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/read-all", Notifications + "/read-all", new { type = "missed_call" }, HttpStatusCode.OK);
        await SendAsync(document, user, "DELETE", Notifications + "/{id}", $"{Notifications}/{id}", null, HttpStatusCode.NoContent);
        await SendAsync(document, user, "GET", Notifications + "/{id}", $"{Notifications}/{id}", null, HttpStatusCode.NotFound);

        var preferences = await SendAsync(document, user, "GET", Notifications + "/preferences", Notifications + "/preferences", null, HttpStatusCode.OK);
        var changed = new
        {
            disabledTypes = new[] { "message_reaction" },
            mutedConversations = new[] { "c1" },
            dnd = new { enabled = true, start = "22:00", end = "07:00", timeZone = "Europe/Paris" },
        };
        await SendAsync(document, user, "PUT", Notifications + "/preferences", Notifications + "/preferences", changed, HttpStatusCode.OK);
        await SendAsync(document, user, "PUT", Notifications + "/preferences", Notifications + "/preferences", preferences, HttpStatusCode.OK);
        await SendAsync(document, user, "PUT", Notifications + "/preferences", Notifications + "/preferences", new { dnd = new { enabled = true, start = "25:00" } }, HttpStatusCode.BadRequest, checkRequest: false);
        await SendAsync(document, user, "PUT", Notifications + "/preferences", Notifications + "/preferences", new { pausedUntil = DateTimeOffset.UtcNow.AddHours(1).ToString("O") }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task V2_end_user_requests_and_answers_conform()
    {
        var document = await OpenApiFixture.FetchAsync(factory);
        using var producer = factory.Producer();
        var userId = NotificationsApiFactory.NewUserId();
        using var user = factory.ClientFor(userId);
        var first = await producer.CreatedAsync(new { userId, type = "new_message", actions = new object[] { new { id = "yes", label = "Yes" }, new { id = "no", label = "No" } } });
        var second = await producer.CreatedAsync(new { userId, type = "system" });
        var id = first.GetProperty("id").GetString()!;
        var other = second.GetProperty("id").GetString()!;
        var until = DateTimeOffset.UtcNow.AddHours(1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

        await SendAsync(document, user, "PATCH", Notifications + "/seen", Notifications + "/seen", new { upToSeq = 1 }, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/seen", Notifications + "/seen", new { upToSeq = 1.5 }, HttpStatusCode.BadRequest, checkRequest: false);
        await SendAsync(document, user, "PATCH", Notifications + "/read-all", Notifications + "/read-all", new { upToSeq = 1 }, HttpStatusCode.OK);
        await SendAsync(document, user, "POST", Notifications + "/{id}/actions/{actionId}", $"{Notifications}/{id}/actions/yes", null, HttpStatusCode.OK);
        await SendAsync(document, user, "POST", Notifications + "/{id}/actions/{actionId}", $"{Notifications}/{id}/actions/no", null, HttpStatusCode.Conflict);
        await SendAsync(document, user, "POST", Notifications + "/{id}/actions/{actionId}", $"{Notifications}/{id}/actions/maybe", null, HttpStatusCode.NotFound);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/snooze", $"{Notifications}/{other}/snooze", new { until }, HttpStatusCode.OK);
        await SendAsync(document, user, "GET", Notifications, Notifications + "?snoozed=true", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/unsnooze", $"{Notifications}/{other}/unsnooze", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/snooze", $"{Notifications}/{other}/snooze", new { until = "yesterday" }, HttpStatusCode.BadRequest, checkRequest: false);
        await SendAsync(document, user, "PATCH", Notifications + "/archive-read", Notifications + "/archive-read", null, HttpStatusCode.OK);
        await SendAsync(document, user, "GET", Notifications, Notifications + "?archived=true", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/unarchive", $"{Notifications}/{id}/unarchive", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/archive", $"{Notifications}/{id}/archive", null, HttpStatusCode.OK);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/snooze", $"{Notifications}/{id}/snooze", new { until }, HttpStatusCode.BadRequest);
        await SendAsync(document, user, "PATCH", Notifications + "/{id}/archive", $"{Notifications}/{new string('0', 32)}/archive", null, HttpStatusCode.NotFound);
        await SendAsync(document, user, "GET", Notifications + "/counts", Notifications + "/counts", null, HttpStatusCode.OK);
        await SendAsync(document, user, "POST", Notifications + "/retract", Notifications + "/retract", new { messageId = "m1" }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Development_and_operations_answers_conform()
    {
        var document = await OpenApiFixture.FetchAsync(factory);
        using var anonymous = factory.ClientFor(null);

        await SendAsync(document, anonymous, "POST", "/dev/token", "/dev/token", new { userId = "alice", roles = new[] { "service" } }, HttpStatusCode.OK);
        await SendAsync(document, anonymous, "POST", "/dev/token", "/dev/token", new { userId = "" }, HttpStatusCode.BadRequest, checkRequest: false);
        await SendAsync(document, anonymous, "GET", "/health/live", "/health/live", null, HttpStatusCode.OK);
        await SendAsync(document, anonymous, "GET", "/health/ready", "/health/ready", null, HttpStatusCode.OK);

        var metrics = await anonymous.GetAsync("metrics", Ct);
        Assert.Equal(document.Response("GET", "/metrics", 200).MediaType, metrics.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_hub_event_payload_conforms_to_the_schema_the_description_names()
    {
        var document = await OpenApiFixture.FetchAsync(factory);
        var description = document.Root.GetProperty("info").GetProperty("description").GetString()!;
        var userId = NotificationsApiFactory.NewUserId();
        await using var connection = factory.HubFor(userId);
        var events = new EventRecorder(connection);
        await connection.StartAsync(Ct);
        await events.NextAsync("notification:counts");

        using var producer = factory.Producer();
        using var user = factory.ClientFor(userId);
        var created = await producer.CreatedAsync(new
        {
            userId, type = "new_message", conversationId = "c1", collapseKey = "k", actions = new object[] { new { id = "ok", label = "OK" }, new { id = "go", label = "Go", url = "https://example.test/go" } },
        });
        var id = created.GetProperty("id").GetString()!;
        (await user.PatchAsync($"api/notifications/{id}/read", null, Ct)).EnsureSuccessStatusCode();
        var second = await producer.CreatedAsync(new { userId, type = "new_message", conversationId = "c1" });
        (await user.PatchJsonAsync("api/notifications/seen", new { upToSeq = second.GetProperty("seq").GetInt64() })).EnsureSuccessStatusCode();
        (await user.PatchJsonAsync("api/notifications/read-all", new { conversationId = "c1", upToSeq = second.GetProperty("seq").GetInt64() })).EnsureSuccessStatusCode();
        (await user.PostAsync($"api/notifications/{id}/actions/go", null, Ct)).EnsureSuccessStatusCode();
        (await user.PatchAsync("api/notifications/archive-read", null, Ct)).EnsureSuccessStatusCode();
        (await user.DeleteAsync($"api/notifications/{id}", Ct)).EnsureSuccessStatusCode();

        var schemaOf = NotificationsDocumentTransformer.HubEvents.ToDictionary(e => e.Event, e => SchemaNames.Of(e.Payload));
        var seen = new HashSet<string>();
        while (seen.Count < schemaOf.Count || !seen.Contains("notification:deleted"))
        {
            var (name, payload) = await events.NextAsync();
            Assert.Contains($"| `{name}` | `{schemaOf[name]}` |", description, StringComparison.Ordinal);
            document.AssertConforms(schemaOf[name], payload);
            seen.Add(name);
        }

        Assert.Equal(EventRecorder.EventNames.Order(), schemaOf.Keys.Order());
    }

    [Fact]
    public async Task The_reference_page_is_served_in_development_and_reads_the_document()
    {
        using var anonymous = factory.ClientFor(null);
        var page = await anonymous.GetAsync("docs/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // Scalar resolves the source against the application's base path; its script is served locally (no CDN).
        Assert.Contains($"\"url\":\"{OpenApiFixture.DocumentPath}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("docs/scalar.js", Ct)).StatusCode);
    }

    /// <summary>
    /// Sends the request (its body checked against the operation's request schema), asserts the
    /// status, and checks the answer against the document; returns the answer's body.
    /// </summary>
    private static async Task<JsonElement> SendAsync(
        ApiDocument document, HttpClient client, string method, string templatePath, string url, object? body, HttpStatusCode status, bool checkRequest = true)
    {
        StringContent? content = null;
        if (body is not null)
        {
            var json = body is JsonElement element ? element.GetRawText() : JsonSerializer.Serialize(body);
            if (checkRequest)
            {
                using var sent = JsonDocument.Parse(json);
                document.AssertConforms(document.RequestBody(method, templatePath), sent.RootElement, $"the {method} {templatePath} request", utcTimes: false);
            }

            content = Json(json);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url.TrimStart('/')) { Content = content };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{method} {url}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), document.Statuses(method, templatePath));
        if (status == HttpStatusCode.NoContent)
        {
            return default;
        }

        var (mediaType, schema) = document.Response(method, templatePath, (int)status);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        using var answer = JsonDocument.Parse(text);
        document.AssertConforms(schema, answer.RootElement, $"{method} {templatePath} {(int)status}");
        return answer.RootElement.Clone();
    }
}
