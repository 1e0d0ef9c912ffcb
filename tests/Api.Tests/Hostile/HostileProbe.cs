using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Hostile;

/// <summary>One answer, read whole.</summary>
internal sealed record Answer(int Status, string? MediaType, string Body, HttpResponseHeaders? Headers)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// The invariants every hostile request must keep (API.md, Conventions): never a 5xx; an error
/// status carries an <c>application/problem+json</c> body with that status, a type and a title; no
/// answer holds markup (not raw in its bytes, nor in the text fields once decoded).
/// </summary>
internal static partial class HostileProbe
{
    /// <summary>Sends a request and checks the invariants; the answer is returned for further checks.</summary>
    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, Replay replay, string description)
    {
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var answer = new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers);
        Check(answer, replay, $"{request.Method} {request.RequestUri} {description}", head: request.Method == HttpMethod.Head);
        return answer;
    }

    /// <param name="serverMayRefuse">
    /// The request is one the HTTP server itself may refuse before the application runs (a
    /// malformed or oversized request line or header); such an answer has no body.
    /// </param>
    public static void Check(Answer answer, Replay replay, string request, bool head = false, bool serverMayRefuse = false, bool transport = false)
    {
        var where = replay.Describe(request) + $" -> {answer.Status} {answer.MediaType}: {Replay.Shorten(answer.Body)}";
        Assert.True(answer.Status < 500, "5xx " + where);
        Assert.False(MarkupStart().IsMatch(WithoutData(answer)), "markup in the answer " + where);

        if (answer.Status >= 400)
        {
            if (serverMayRefuse && answer.MediaType is null && answer.Body.Length == 0 && answer.Status is 400 or 404 or 405 or 413 or 414 or 431)
            {
                return;
            }

            if (transport && answer.Status is not (401 or 403 or 429))
            {
                return; // API.md: a transport error under /hubs/… is the SignalR transport's own answer
            }

            Assert.True(answer.MediaType == "application/problem+json", "not problem+json " + where);
            if (head)
            {
                return;
            }

            JsonElement problem;
            try
            {
                problem = answer.Json();
            }
            catch (JsonException exception)
            {
                Assert.Fail($"problem body is not JSON ({exception.Message}) " + where);
                return;
            }

            Assert.True(problem.ValueKind == JsonValueKind.Object, "problem is not an object " + where);
            Assert.True(problem.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == answer.Status, "problem status " + where);
            Assert.True(problem.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String, "problem type " + where);
            Assert.True(problem.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String, "problem title " + where);
            if (answer.Status == 400 && problem.TryGetProperty("errors", out var errors))
            {
                Assert.True(errors.ValueKind == JsonValueKind.Object, "errors is not an object " + where);
            }

            if (answer.Status is 429 or 503)
            {
                Assert.True(answer.Headers?.RetryAfter is not null, "no Retry-After " + where);
            }
        }
        else if (answer.MediaType is "application/json" && answer.Body.Length > 0)
        {
            AssertPlainText(answer.Json(), where);
        }
    }

    /// <summary>API.md: returned text never holds a character reference, nor '&lt;' followed by a letter, '/', '!' or '?'.</summary>
    public static void AssertPlainText(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "title" or "content" or "senderUsername" or "messagePreview" or "label" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        var text = property.Value.GetString()!;
                        Assert.False(MarkupStart().IsMatch(text), $"markup in {property.Name} '{Replay.Shorten(text)}' " + where);
                        Assert.True(WebUtility.HtmlDecode(text) == text, $"a character reference in {property.Name} '{Replay.Shorten(text)}' " + where);
                        Assert.False(text.Contains('\0', StringComparison.Ordinal), $"U+0000 in {property.Name} " + where);
                    }
                    else
                    {
                        AssertPlainText(property.Value, where);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertPlainText(item, where);
                }

                break;
        }
    }

    /// <summary>
    /// The body without the raw text of its <c>data</c> objects: <c>data</c> is the producer's JSON,
    /// returned byte for byte as sent (CreateTests.Data_round_trips_exactly), not a text field.
    /// </summary>
    public static string WithoutData(Answer answer)
    {
        if (answer.MediaType != "application/json" || !answer.Body.Contains("\"data\"", StringComparison.Ordinal))
        {
            return answer.Body;
        }

        var body = answer.Body;
        foreach (var data in DataValues(answer.Json()))
        {
            body = body.Replace(data, "{}", StringComparison.Ordinal);
        }

        return body;
    }

    private static IEnumerable<string> DataValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "data" && p.Value.ValueKind == JsonValueKind.Object ? [p.Value.GetRawText()] : DataValues(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(DataValues),
        _ => [],
    };

    /// <summary>Builds a request with a byte body, framed with a Content-Length or chunked.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, byte[]? body, string? contentType = "application/json", bool chunked = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            request.Content = content;
        }

        return request;
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [GeneratedRegex("<[A-Za-z/!?]")]
    public static partial Regex MarkupStart();
}
