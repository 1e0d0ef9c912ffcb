using System.Globalization;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// The seeds and the case count of the hostile-input suite. <c>HOSTILE_SEED=n</c> runs that seed
/// only (a replay); otherwise every test runs the fixed default seed, then one drawn for this run.
/// <c>HOSTILE_CASES=n</c> sets the cases per route and seed.
/// </summary>
internal static class HostileRun
{
    public const int DefaultSeed = 20_261_203;
    public const int DefaultCases = 150;

    /// <summary>Drawn once per test run, so every test of the run explores the same fresh seed.</summary>
    public static readonly int RunSeed = Random.Shared.Next();

    public static IReadOnlyList<int> Seeds { get; } =
        Environment.GetEnvironmentVariable("HOSTILE_SEED") is { Length: > 0 } seed
            ? [int.Parse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)]
            : [DefaultSeed, RunSeed];

    public static int Cases { get; } =
        Environment.GetEnvironmentVariable("HOSTILE_CASES") is { Length: > 0 } cases
            ? int.Parse(cases, NumberStyles.None, CultureInfo.InvariantCulture)
            : DefaultCases;

    /// <summary>
    /// The generator of one test for one seed. The route's name is mixed in with a stable hash
    /// (string.GetHashCode differs between processes), so each test replays on its own.
    /// </summary>
    public static HostileGen GenFor(int seed, string test) => new(new Random(seed ^ StableHash(test)));

    /// <summary>Runs <paramref name="cases"/> cases for every seed, writing the seed and the replay line first.</summary>
    public static async Task ForEachCaseAsync(ITestOutputHelper output, string test, Func<HostileGen, Replay, Task> run, int? cases = null)
    {
        foreach (var seed in Seeds)
        {
            output.WriteLine($"{test}: HOSTILE_SEED={seed} ({cases ?? Cases} cases); replay: HOSTILE_SEED={seed} dotnet test -c Release --no-build --filter \"FullyQualifiedName~Hostile\"");
            var gen = GenFor(seed, test);
            for (var i = 0; i < (cases ?? Cases); i++)
            {
                await run(gen, new Replay(seed, test, i));
            }
        }
    }

    private static int StableHash(string text)
    {
        var hash = 2_166_136_261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16_777_619u;
        }

        return (int)hash;
    }
}

/// <summary>Where a case comes from: written into every assertion message so a failure can be replayed.</summary>
internal sealed record Replay(int Seed, string Test, int Case)
{
    public string Describe(string request) =>
        $"[HOSTILE_SEED={Seed} test {Test} case #{Case}; replay: HOSTILE_SEED={Seed} dotnet test -c Release --no-build --filter \"FullyQualifiedName~Hostile\"] {Shorten(request)}";

    public static string Shorten(string text) =>
        text.Length <= 400 ? Printable(text) : Printable(text[..300]) + $"…({text.Length} chars)…" + Printable(text[^60..]);

    // The case as readable ASCII: controls, surrogates and other non-ASCII characters as \uXXXX.
    private static string Printable(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= ' ' and < '\u007f')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return builder.ToString();
    }
}
