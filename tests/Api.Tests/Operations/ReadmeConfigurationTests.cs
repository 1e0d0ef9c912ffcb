using System.Text.RegularExpressions;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Operations;

/// <summary>
/// The README's configuration table and the options classes say the same: every setting the code
/// binds is in the table with its default, and every setting the table names exists.
/// </summary>
public sealed partial class ReadmeConfigurationTests
{
    [Fact]
    public void The_options_classes_are_found()
    {
        // The reflection must see every section, or the checks below would pass on nothing.
        var sections = ConfigurationSettings.All.Select(s => s.Name.Split("__")[0]).ToHashSet();

        Assert.Superset(new HashSet<string> { "Auth", "Cluster", "Storage", "Inbox", "MentionLimit", "RateLimits", "RealTime", "WebApp", "Telemetry", "Dashboard" }, sections);
        Assert.Contains(ConfigurationSettings.All, s => s.Name == "Storage__GroupCommitQueueCapacity");
    }

    [Fact]
    public void Every_setting_of_the_code_is_in_the_table()
    {
        var named = Rows().SelectMany(r => r.Settings).ToHashSet();

        var missing = ConfigurationSettings.All.Select(s => s.Name).Where(n => !named.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, "Not in the README's configuration table: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_setting_in_the_table_exists()
    {
        var unknown = Rows().SelectMany(r => r.Settings)
            .Where(n => ConfigurationSettings.Find(n) is null && !ConfigurationSettings.Others.Contains(n) && n != "BuildWebApp")
            .ToArray();

        Assert.True(unknown.Length == 0, "In the README's table, not in the code: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_default_in_the_table_is_the_code_s()
    {
        var wrong = new List<string>();
        foreach (var row in Rows())
        {
            var parts = row.Settings.Length == 1 ? [row.Defaults] : row.Defaults.Split(" / ");
            for (var i = 0; i < row.Settings.Length; i++)
            {
                if (ConfigurationSettings.Find(row.Settings[i]) is not { } setting || ConfigurationSettings.Format(setting.Default) is not { } expected)
                {
                    continue; // not an options setting, or no default to state (required, or computed at start-up)
                }

                var written = i < parts.Length && Code().Match(parts[i]) is { Success: true } code ? code.Groups["text"].Value : null;
                if (written != expected)
                {
                    wrong.Add($"{setting.Name}: README says {written ?? "nothing"}, the code {expected}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    private sealed record Row(string[] Settings, string Defaults);

    private static List<Row> Rows()
    {
        var readme = RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Configuration section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var rows = readme[start..end].Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split(" | "))
            .Select(cells => new Row(
                Code().Matches(cells[0].TrimStart('|', ' ')).Select(m => m.Groups["text"].Value).ToArray(),
                cells[1]))
            .ToList();
        Assert.True(rows.Count > 20, $"Only {rows.Count} rows read from the configuration table.");
        return rows;
    }

    [GeneratedRegex("`(?<text>[^`]+)`")]
    private static partial Regex Code();
}
