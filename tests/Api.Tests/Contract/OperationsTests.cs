using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, Operations and Conventions: health, metrics, 404s, JSON conventions, compression.</summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsTests(NotificationsApiFactory factory)
{
    [Fact]
    public async Task Health_and_metrics_answer_without_a_token()
    {
        using var producer = factory.Producer();
        await producer.CreatedAsync(new { userId = NotificationsApiFactory.NewUserId(), type = "system" });
        using var anonymous = factory.ClientFor(null);

        await (await anonymous.GetPathAsync("health/live")).ExpectAsync(HttpStatusCode.OK);
        await (await anonymous.GetPathAsync("health/ready")).ExpectAsync(HttpStatusCode.OK);

        var metrics = await anonymous.GetPathAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        // Prometheus text. Which series it holds is checked where one process runs one host
        // (tests/LoadTest.Tests): here several hosts share one process, their meters share names,
        // and OpenTelemetry's Prometheus exporter then drops the conflicting series.
        var text = await metrics.Content.ReadAsStringAsync(Ct);
        Assert.Contains("# TYPE target_info gauge", text, StringComparison.Ordinal);

        // An invalid token does not stop them either.
        using var invalid = factory.WithToken("garbage");
        await (await invalid.GetPathAsync("health/live")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await invalid.GetPathAsync("metrics")).StatusCode);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("api")]
    [InlineData("api/nope")]
    [InlineData("api/notifications/counts/extra")]
    [InlineData("api/admin")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var anonymous = factory.ClientFor(null);
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());

        await (await anonymous.GetPathAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await user.GetPathAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_an_error_with_a_problem_body()
    {
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        var response = await user.PutAsync("api/notifications/counts", Json("{}"), Ct);

        Assert.True((int)response.StatusCode >= 400, $"{response.StatusCode}");
        await response.ExpectProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task Responses_are_camel_case_json_and_unknown_request_properties_are_ignored()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var producer = factory.Producer();
        using var user = factory.ClientFor(userId);

        var created = await producer.CreatedAsync($$"""
            {"unknown":1,"userId":"{{userId}}","nested":{"type":"bogus"},"type":"new_message","Extra":[null],"x-y":"z"}
            """);
        foreach (var body in new[] { created, await user.ListAsync(), await user.CountsAsync(), JsonDocument.Parse(await (await user.GetPathAsync("api/notifications/preferences")).Content.ReadAsStringAsync(Ct)).RootElement })
        {
            AssertCamelCase(body);
        }

        var preferences = await user.PutJsonAsync("api/notifications/preferences", """{"dnd":{"enabled":false,"extra":1},"colour":"blue"}""");
        await preferences.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await (await user.PatchJsonAsync("api/notifications/read-all", """{"whatever":true}""")).ExpectAsync(HttpStatusCode.OK)).GetProperty("updated").GetInt32());
    }

    private static void AssertCamelCase(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    // byType/byPriority keys are enum values (snake_case); data is the producer's own.
                    Assert.True(char.IsAsciiLetterLower(property.Name[0]), $"'{property.Name}' is not camelCase");
                    Assert.DoesNotContain('-', property.Name);
                    if (property.Name != "data")
                    {
                        AssertCamelCase(property.Value);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertCamelCase(item);
                }

                break;
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_list_is_compressed_when_asked(string encoding)
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var producer = factory.Producer();
        for (var i = 0; i < 3; i++)
        {
            await producer.CreatedAsync(new { userId, type = "new_message", content = "Lorem ipsum dolor sit amet, consectetur adipiscing elit" });
        }

        using var user = factory.ClientFor(userId);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var response = await user.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        await using var compressed = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream plain = encoding == "gzip"
            ? new GZipStream(compressed, CompressionMode.Decompress)
            : new BrotliStream(compressed, CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(plain, cancellationToken: Ct);
        Assert.Equal(3, document.RootElement.GetProperty("items").GetArrayLength());

        // Without Accept-Encoding, no compression.
        var identity = await user.GetPathAsync("api/notifications");
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Equal(3, (await identity.ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }
}
