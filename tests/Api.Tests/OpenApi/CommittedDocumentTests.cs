using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Tests.Contract;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.OpenApi;

/// <summary>
/// The committed <c>docs/openapi/v1.json</c> is the document the service serves outside
/// Development (no <c>/dev/token</c>), and it describes every endpoint the app maps with the
/// statuses API.md gives it.
/// </summary>
public sealed class CommittedDocumentTests(ProductionApiFixture production) : IClassFixture<ProductionApiFixture>
{
    /// <summary>API.md, route by route: the statuses each answers (every error with a problem body).</summary>
    public static readonly TheoryData<string, string, string> ContractStatuses = new()
    {
        { "GET", "/api/notifications", "200 400 401 429 503" },
        { "GET", "/api/notifications/counts", "200 401 429 503" },
        { "GET", "/api/notifications/{id}", "200 401 404 429 503" },
        { "PATCH", "/api/notifications/{id}/read", "200 401 404 429 503" },
        { "PATCH", "/api/notifications/read-all", "200 400 401 413 429 503" },
        { "PATCH", "/api/notifications/seen", "200 400 401 413 429 503" },
        { "PATCH", "/api/notifications/archive-read", "200 401 429 503" },
        { "PATCH", "/api/notifications/{id}/archive", "200 401 404 429 503" },
        { "PATCH", "/api/notifications/{id}/unarchive", "200 401 404 429 503" },
        { "PATCH", "/api/notifications/{id}/snooze", "200 400 401 404 413 429 503" },
        { "PATCH", "/api/notifications/{id}/unsnooze", "200 401 404 429 503" },
        { "POST", "/api/notifications/{id}/actions/{actionId}", "200 401 404 409 429 503" },
        { "DELETE", "/api/notifications/{id}", "204 401 404 429 503" },
        { "GET", "/api/notifications/preferences", "200 401 429 503" },
        { "PUT", "/api/notifications/preferences", "200 400 401 413 429 503" },
        { "POST", "/api/notifications", "200 201 400 401 403 413 429 503" },
        { "POST", "/api/notifications/batch", "200 400 401 403 413 429 503" },
        { "POST", "/api/notifications/retract", "200 400 401 403 413 429 503" },
        { "POST", "/api/admin/broadcast", "200 400 401 403 413 429 503" },
        { "GET", "/api/admin/audit", "200 400 401 403 429 503" },
        { "GET", "/health/live", "200" },
        { "GET", "/health/ready", "200 503" },
        { "GET", "/metrics", "200" },
    };

    [Fact]
    public async Task The_committed_document_is_the_one_the_service_serves()
    {
        var served = Normalize(await OpenApiFixture.FetchTextAsync(production.Factory));
        var path = OpenApiFixture.CommittedPath;
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served, TestContext.Current.CancellationToken);
        }

        var committed = File.Exists(path) ? Normalize(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)) : "(missing)";
        Assert.True(
            committed == served,
            $"docs/openapi/v1.json differs from the document the service serves ({FirstDifference(committed, served)}). "
            + "If the API change is intended, regenerate it with scripts/openapi.sh "
            + "(it runs this test with UPDATE_OPENAPI=1, which rewrites the file) and commit it.");
    }

    [Theory]
    [MemberData(nameof(ContractStatuses))]
    public async Task Each_route_has_the_statuses_of_the_contract(string method, string path, string statuses)
    {
        var document = await OpenApiFixture.FetchAsync(production.Factory);

        Assert.Equal(statuses.Split(' '), document.Statuses(method, path));
        foreach (var status in statuses.Split(' ').Select(int.Parse).Where(s => s >= 400))
        {
            var (mediaType, schema) = document.Response(method, path, status);
            Assert.Equal("application/problem+json", mediaType);
            Assert.Equal("#/components/schemas/ProblemDetails", schema.GetProperty("$ref").GetString());
            var headers = document.Operation(method, path).GetProperty("responses").GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(status is 429 or 503, headers.TryGetProperty("headers", out var h) && h.TryGetProperty("Retry-After", out _));
        }

        // A token is needed exactly on /api/…
        Assert.Equal(path.StartsWith("/api/", StringComparison.Ordinal), document.Operation(method, path).TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Every_endpoint_the_app_maps_is_in_the_document_and_the_contract()
    {
        var document = await OpenApiFixture.FetchAsync(production.Factory);
        var contract = ContractStatuses.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        var mapped = production.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"], Path: "/" + e.RoutePattern.RawText!.Trim('/')))
            .Where(e => !IsDescribedElsewhere(e.Path))
            .SelectMany(e => e.Methods.Select(m => (Method: m, e.Path)))
            .ToList();

        Assert.NotEmpty(mapped);
        foreach (var (method, path) in mapped)
        {
            Assert.True(contract.Contains((method, path)), $"{method} {path} is mapped but not in the contract table of this test");
            Assert.True(
                document.Paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _),
                $"{method} {path} is mapped but not in the document");
        }

        // And nothing in the document that the app does not map.
        var documented = document.Paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name)));
        Assert.Equal(mapped.Order().ToArray(), documented.Order().ToArray());
    }

    [Fact]
    public async Task The_document_needs_no_token_and_docs_do_not_exist_outside_development()
    {
        using var anonymous = production.Factory.ClientFor(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(OpenApiFixture.DocumentPath, TestContext.Current.CancellationToken)).StatusCode);
        await (await anonymous.GetAsync("docs", TestContext.Current.CancellationToken)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("docs/", TestContext.Current.CancellationToken)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>The hub (in the document's description), the document itself and the Development-only reference page.</summary>
    private static bool IsDescribedElsewhere(string path) =>
        path.StartsWith("/hubs/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal)
        || path == "/docs" || path.StartsWith("/docs/", StringComparison.Ordinal);

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string FirstDifference(string committed, string served)
    {
        var committedLines = committed.Split('\n');
        var servedLines = served.Split('\n');
        for (var i = 0; i < Math.Max(committedLines.Length, servedLines.Length); i++)
        {
            var c = i < committedLines.Length ? committedLines[i] : "(end)";
            var s = i < servedLines.Length ? servedLines[i] : "(end)";
            if (c != s)
            {
                return $"line {i + 1}: committed `{c.Trim()}`, served `{s.Trim()}`";
            }
        }

        return "same lines";
    }
}
