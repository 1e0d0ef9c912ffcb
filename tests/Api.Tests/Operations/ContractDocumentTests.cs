using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Api.RealTime;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Operations;

/// <summary>docs/contract.md, the repository's own copy of the contract, stays in step with what the service serves.</summary>
public sealed partial class ContractDocumentTests
{
    private static readonly string Contract = RepositoryFiles.Read("docs/contract.md");

    /// <summary>Part 1, the v2 additions included: what this version serves.</summary>
    private static readonly string ServedPart = Contract[Contract.IndexOf("# Part 1", StringComparison.Ordinal)..Contract.IndexOf("# Part 2", StringComparison.Ordinal)];

    /// <summary>Routes this service adds to the shared contract; the README documents them.</summary>
    private static readonly string[] Additions = ["GET /api/admin/audit"];

    [Fact]
    public void It_says_it_mirrors_the_shared_contract_and_carries_both_parts()
    {
        Assert.StartsWith("# Notifications — the contract this repository implements", Contract, StringComparison.Ordinal);
        Assert.Contains("mirrors the project's shared contract", Contract, StringComparison.Ordinal);
        Assert.Contains("# Part 2 — Product rules", Contract, StringComparison.Ordinal);
        Assert.Contains("## 4. Creation pipeline", Contract, StringComparison.Ordinal);
        Assert.DoesNotContain("../shared", RepositoryFiles.Read("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_v2_additions_are_marked_served()
    {
        var v2 = ServedPart[ServedPart.IndexOf("## Inbox states and producer controls (v2 additions)", StringComparison.Ordinal)..];
        Assert.DoesNotContain("not yet served", v2, StringComparison.Ordinal);
        Assert.Contains("> **In this repository:** served", v2, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_route_of_the_OpenAPI_document_is_in_the_contract()
    {
        using var openApi = JsonDocument.Parse(RepositoryFiles.Read("docs/openapi/v1.json"));
        var routes = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToArray();

        Assert.True(routes.Length >= 10);
        var missing = routes.Where(r => !ServedPart.Contains(r.Split(' ')[1], StringComparison.Ordinal) && !Additions.Contains(r)).ToArray();
        Assert.True(missing.Length == 0, "Served but not in docs/contract.md: " + string.Join(", ", missing));
        Assert.All(Additions, addition => Assert.Contains(addition, routes));
    }

    [Fact]
    public void The_project_s_additions_are_documented_in_the_README_not_in_the_mirror()
    {
        var readme = RepositoryFiles.Read("README.md");
        Assert.All(Additions, addition =>
        {
            Assert.Contains($"`{addition}`", readme, StringComparison.Ordinal);
            Assert.DoesNotContain(addition.Split(' ')[1], Contract, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_hub_events_the_service_sends_are_the_contract_s_events()
    {
        var sent = typeof(InboxEventNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order().ToArray();
        var documented = EventRow().Matches(ServedPart).Select(m => m.Groups["name"].Value).Order().ToArray();

        Assert.Equal(
            ["notification", "notification:archived", "notification:counts", "notification:deleted", "notification:read", "notification:seen", "notification:updated"],
            documented);
        Assert.Equal(documented, sent);
    }

    [GeneratedRegex(@"^\| `(?<name>notification(?::[a-z]+)?)` \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();
}
