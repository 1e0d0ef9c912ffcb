using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Notifications.Api.Http;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Http;

/// <summary>The service with two allowed origins, as <c>AllowedOrigins__0</c>/<c>__1</c> set them.</summary>
public sealed class CorsApiFixture : IAsyncLifetime
{
    public const string Allowed = "http://localhost:5173";
    public const string AlsoAllowed = "http://web.test:8080";

    public ConfiguredApiFactory Factory { get; } = new(null, "Development", new Dictionary<string, string?>
    {
        ["AllowedOrigins:0"] = Allowed,
        ["AllowedOrigins:1"] = AlsoAllowed + "/",
    });

    public async ValueTask InitializeAsync() => await Factory.InitializeAsync();

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>CORS through the real pipeline: preflights, headers on answers of /api and /hubs, a SignalR negotiate.</summary>
public sealed class WebCorsTests(CorsApiFixture fixture) : IClassFixture<CorsApiFixture>
{
    private static HttpRequestMessage Preflight(string path, string origin, string method, string? headers = "authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Theory]
    [InlineData(CorsApiFixture.Allowed, "api/notifications", "GET")]
    [InlineData(CorsApiFixture.AlsoAllowed, "api/notifications/read-all", "PATCH")]
    [InlineData(CorsApiFixture.Allowed, "api/notifications/abc", "DELETE")]
    [InlineData(CorsApiFixture.Allowed, "hubs/notifications/negotiate?negotiateVersion=1", "POST")]
    public async Task A_preflight_from_an_allowed_origin_passes_without_a_token(string origin, string path, string method)
    {
        using var anonymous = fixture.Factory.ClientFor(null);
        using var response = await anonymous.SendAsync(Preflight(path, origin, method, "authorization,content-type,x-requested-with"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal(method, Header(response, "Access-Control-Allow-Methods"));
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http://evil.test")]
    [InlineData("http://localhost:5174")]
    [InlineData("https://localhost:5173")]
    public async Task A_preflight_from_another_origin_gets_no_allow_origin(string origin)
    {
        using var anonymous = fixture.Factory.ClientFor(null);
        using var preflight = await anonymous.SendAsync(Preflight("api/notifications", origin, "GET"), Ct);
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/counts");
        request.Headers.Add("Origin", origin);
        using var answer = await anonymous.SendAsync(request, Ct);
        Assert.Null(Header(answer, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Answers_of_api_carry_the_headers_errors_included_and_expose_retry_after()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var user = fixture.Factory.ClientFor(userId);
        using var anonymous = fixture.Factory.ClientFor(null);
        foreach (var (client, status) in new[] { (user, HttpStatusCode.OK), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/counts");
            request.Headers.Add("Origin", CorsApiFixture.Allowed);
            using var response = await client.SendAsync(request, Ct);

            Assert.Equal(status, response.StatusCode);
            Assert.Equal(CorsApiFixture.Allowed, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
            Assert.Equal("Retry-After", Header(response, "Access-Control-Expose-Headers"));
        }
    }

    [Fact]
    public async Task Paths_outside_api_and_hubs_carry_no_cors_headers()
    {
        using var anonymous = fixture.Factory.ClientFor(null);
        foreach (var path in new[] { "health/live", "openapi/v1.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", CorsApiFixture.Allowed);
            using var response = await anonymous.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task A_negotiate_from_an_allowed_origin_works_and_the_connection_receives_events()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "hubs/notifications/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", CorsApiFixture.AlsoAllowed);
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Factory.TokenFor(userId));
        using var anonymous = fixture.Factory.ClientFor(null);
        using var answer = await anonymous.SendAsync(negotiate, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(CorsApiFixture.AlsoAllowed, Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(answer, "Access-Control-Allow-Credentials"));
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct));
        Assert.True(body.RootElement.TryGetProperty("connectionToken", out _));

        // A whole connection from that origin over long polling (the browser's fallback transport), which sends credentials.
        await using var connection = fixture.Factory.HubFor(userId, options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.Headers["Origin"] = CorsApiFixture.AlsoAllowed;
        });
        var events = new EventRecorder(connection);
        await connection.StartAsync(Ct);
        await events.NextAsync("notification:counts");
        using var producer = fixture.Factory.Producer();
        await producer.CreateAsync(userId);
        Assert.Equal(userId, (await events.NextAsync("notification")).GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData("http://a.test, https://b.test:8443/", "http://a.test|https://b.test:8443")]
    [InlineData("http://a.test", "http://a.test")]
    [InlineData("", "")]
    public void Origins_may_be_a_comma_list(string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AllowedOrigins"] = value }).Build();
        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), WebCors.ReadOrigins(configuration));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("localhost:5173")]
    [InlineData("http://a.test/app")]
    [InlineData("ftp://a.test")]
    public void Something_that_is_not_an_origin_stops_the_start(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AllowedOrigins:0"] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => WebCors.ReadOrigins(configuration));
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>With no AllowedOrigins (the default) there is no CORS at all.</summary>
[Collection(ApiCollection.Name)]
public sealed class NoCorsByDefaultTests(NotificationsApiFactory factory)
{
    [Fact]
    public async Task No_cors_headers_without_allowed_origins()
    {
        using var user = factory.ClientFor(NotificationsApiFactory.NewUserId());
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/counts");
        request.Headers.Add("Origin", CorsApiFixture.Allowed);
        using var answer = await user.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/notifications/counts");
        preflight.Headers.Add("Origin", CorsApiFixture.Allowed);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var preflightAnswer = await user.SendAsync(preflight, Ct);

        foreach (var response in new[] { answer, preflightAnswer })
        {
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }
}
