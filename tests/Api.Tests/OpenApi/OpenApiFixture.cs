using System.Net;
using System.Text.Json;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.OpenApi;

/// <summary>How the tests fetch the document through the real pipeline, and where the committed copy lives.</summary>
internal static class OpenApiFixture
{
    public const string DocumentPath = "openapi/v1.json";

    /// <summary><c>docs/openapi/v1.json</c> of the repository this test was built from.</summary>
    public static string CommittedPath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
                {
                    return Path.Combine(directory.FullName, "docs", "openapi", "v1.json");
                }
            }

            throw new InvalidOperationException("No Notifications.sln above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The document as served, anonymously (it needs no token).</summary>
    public static async Task<string> FetchTextAsync(NotificationsApiFactory factory)
    {
        using var anonymous = factory.ClientFor(null);
        var response = await anonymous.GetAsync(DocumentPath, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    public static async Task<ApiDocument> FetchAsync(NotificationsApiFactory factory)
    {
        using var document = JsonDocument.Parse(await FetchTextAsync(factory));
        return new ApiDocument(document.RootElement.Clone());
    }
}
