using System.Text.RegularExpressions;

namespace Notifications.Api.Tests.Operations;

/// <summary>
/// The series a PromQL expression reads: each metric name with the label names its selector
/// matches on. Enough of PromQL for dashboards and alert rules: functions, aggregations with
/// <c>by</c>/<c>without</c>, binary operators with <c>on</c>/<c>ignoring</c>, ranges, subqueries,
/// <c>offset</c>, Grafana variables.
/// </summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    public sealed record Selector(string Metric, IReadOnlyList<string> Labels);

    public static IReadOnlyList<Selector> Selectors(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = GrafanaVariable().Replace(expression, "1m");
        text = StringLiteral().Replace(text, "\"\"");
        var selectors = new List<Selector>();

        // metric{labels}: the labels belong to the metric right before the brace.
        text = MetricWithLabels().Replace(text, match =>
        {
            var labels = LabelMatcher().Matches(match.Groups["labels"].Value).Select(m => m.Groups["label"].Value).ToArray();
            selectors.Add(new Selector(match.Groups["metric"].Value, labels));
            return " ";
        });
        text = Range().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Offset().Replace(text, " ");
        foreach (Match identifier in Identifier().Matches(text))
        {
            var name = identifier.Groups["name"].Value;
            if (!Keywords.Contains(name) && !identifier.Groups["call"].Success)
            {
                selectors.Add(new Selector(name, []));
            }
        }

        return selectors;
    }

    [GeneratedRegex(@"\$\{[^}]*\}|\$[A-Za-z_]\w*")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<metric>[A-Za-z_:][A-Za-z0-9_:]*)\s*\{(?<labels>[^}]*)\}")]
    private static partial Regex MetricWithLabels();

    [GeneratedRegex(@"(?<label>[A-Za-z_]\w*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex LabelMatcher();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\boffset\s+-?\d+[smhdwy]")]
    private static partial Regex Offset();

    // An identifier not preceded by a digit or a dot (so 0.99 and 1e3 are no names), and whether a call follows.
    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
