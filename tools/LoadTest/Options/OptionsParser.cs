using System.Globalization;
using System.Net;

namespace Notifications.LoadTest.Options;

/// <summary>
/// A small hand-written parser: one table drives both parsing and <c>--help</c>, so they cannot
/// drift apart. Any problem is an error message (exit code 2), never an exception.
/// </summary>
public static class OptionsParser
{
    public const string SigningKeyVariable = "Auth__SigningKey";

    private sealed record Option(string Name, string? Value, string Help, Func<LoadOptions, string, LoadOptions> Apply);

    private static readonly Option[] Table =
    [
        new("--url", "URL", "Api node (repeatable; connections and requests go round-robin).",
            (o, v) => o with { Urls = [.. o.Urls, ParseUrl(v)] }),
        new("--users", "N", "Users, each with live SignalR connections (default 1000).", (o, v) => o with { Users = Int(v, 1, 1_000_000) }),
        new("--connections-per-user", "C", "Connections per user, 0-10; 0 = producers only, nothing to deliver (default 1).", (o, v) => o with { ConnectionsPerUser = Int(v, 0, 10) }),
        new("--rate", "R", "Operations/s from the mix; single=100 makes it creates/s (default 500).", (o, v) => o with { Rate = Double(v, 0.01, 1_000_000) }),
        new("--duration", "SEC", "Steady phase after the ramp (seconds or 1m30s; default 30s).", (o, v) => o with { Duration = Time(v) }),
        new("--ramp-up", "SEC", "Linear ramp of the rate from 0 (default 10s).", (o, v) => o with { RampUp = Time(v, allowZero: true) }),
        new("--mix", "MIX", "Operation weights, e.g. single=90,batch=5,read=5 (the default).", (o, v) => o with { Mix = Mix(v) }),
        new("--batch-size", "K", "Recipients per batch request, <= users, <= 10000 (default 10).", (o, v) => o with { BatchSize = Int(v, 1, 10_000) }),
        new("--payload-bytes", "B", "Content length, the rest (over 1000) padded into data (default 100).", (o, v) => o with { PayloadBytes = Int(v, 0, 9_000) }),
        new("--seed", "S", "Seed of the random choices (default 1).", (o, v) => o with { Seed = Int(v, int.MinValue, int.MaxValue) }),
        new("--json", "FILE", "Also write every figure as JSON to FILE.", (o, v) => o with { JsonPath = v }),
        new("--allow-remote", null, "Allow targets that are not loopback addresses.", (o, _) => o with { AllowRemote = true }),
        new("--max-requests", "N", "Hard bound on traffic requests (default 5000000).", (o, v) => o with { MaxRequests = Int(v, 1, int.MaxValue) }),
        new("--max-in-flight", "N", "Traffic requests in flight at most (default 1000).", (o, v) => o with { MaxInFlight = Int(v, 1, 100_000) }),
        new("--producers", "P", "Producer identities with role service (default 4).", (o, v) => o with { Producers = Int(v, 1, 1_000) }),
        new("--connect-concurrency", "N", "Connections opened at once (default 64).", (o, v) => o with { ConnectConcurrency = Int(v, 1, 10_000) }),
        new("--connect-timeout", "SEC", "Bound on the connect phase (default 180s).", (o, v) => o with { ConnectTimeout = Time(v) }),
        new("--drain", "SEC", "Wait for outstanding deliveries after the last send (default 10s).", (o, v) => o with { Drain = Time(v, allowZero: true) }),
        new("--create-retries", "N", "Retry a failed create/batch N times, same idempotency key, next node (default 0).", (o, v) => o with { CreateRetries = Int(v, 0, 1_000) }),
        new("--catch-up-on-gap", null, "Catch up by afterSeq when a snapshot's lastSeq or a push's seq shows a gap.", (o, _) => o with { CatchUpOnGap = true }),
        new("--fault-drop-pushes", "N", "Lose the first N pushes to steady connections for good, to prove the loss check (default 0).", (o, v) => o with { FaultDropPushes = Int(v, 0, 1_000_000) }),
        new("--signing-key", "KEY", $"HS256 key, >= 32 bytes (default: env {SigningKeyVariable}).", (o, v) => o with { SigningKey = v }),
        new("--issuer", "ISS", "Token issuer (default notifications).", (o, v) => o with { Issuer = v }),
        new("--audience", "AUD", "Token audience (default notifications).", (o, v) => o with { Audience = v }),
        new("--user-prefix", "P", "User id prefix; the run id is appended (default lt).", (o, v) => o with { UserPrefix = v }),
        new("--server-pid", "PID", "Sample CPU and RSS of this local process (repeatable).", (o, v) => o with { ServerPids = [.. o.ServerPids, Int(v, 1, int.MaxValue)] }),
    ];

    /// <summary>Parses the command line; <paramref name="error"/> is set when it is not usable, <paramref name="help"/> when --help was asked.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment, out string? error, out bool help)
    {
        error = null;
        help = false;
        var options = new LoadOptions { SigningKey = environment(SigningKeyVariable) ?? "" };
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (arg is "--help" or "-h" or "-?")
                {
                    help = true;
                    return null;
                }

                // Both "--name value" and "--name=value".
                string? inline = null;
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    inline = arg[(eq + 1)..];
                    arg = arg[..eq];
                }

                var option = Array.Find(Table, o => o.Name == arg) ?? throw new FormatException($"Unknown option '{arg}' (see --help).");
                string value;
                if (option.Value is null)
                {
                    value = inline ?? "";
                }
                else if (inline is not null)
                {
                    value = inline;
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new FormatException($"{arg} needs a value ({option.Value}).");
                }

                options = option.Apply(options, value);
            }
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }

        error = Validate(options);
        return error is null ? options : null;
    }

    /// <summary>The cross-option rules; null when the options are usable.</summary>
    public static string? Validate(LoadOptions o)
    {
        if (o.Urls.Count == 0)
        {
            return "At least one --url is required.";
        }

        if (!o.AllowRemote && o.Urls.FirstOrDefault(u => !IsLoopback(u)) is { } remote)
        {
            return $"{remote} is not a loopback address (127.0.0.1, ::1, localhost); pass --allow-remote to load it anyway.";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(o.SigningKey) < 32)
        {
            return $"A signing key of at least 32 bytes is required (--signing-key or env {SigningKeyVariable}).";
        }

        if (o.Mix.Batch > 0 && o.BatchSize > o.Users)
        {
            return $"--batch-size {o.BatchSize} is more than --users {o.Users} (recipients are distinct users of the run).";
        }

        if (o.UserPrefix.Length is 0 or > 20 || !o.UserPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return "--user-prefix: 1-20 characters of [A-Za-z0-9_-].";
        }

        if (o.ServerPids.Count > 0 && !o.Urls.All(IsLoopback))
        {
            return "--server-pid needs local targets.";
        }

        return null;
    }

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback // localhost and 127.0.0.0/8
        || (IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    public static string HelpText()
    {
        var lines = new List<string>
        {
            "Notifications load tool: N users with C live SignalR connections each, producers creating",
            "notifications at a target rate, end users reading; reports delivery latency, loss and duplicates.",
            "",
            "Usage: dotnet run -c Release --project tools/LoadTest -- --url http://127.0.0.1:5000 [options]",
            "",
            "Options:",
        };
        foreach (var o in Table)
        {
            var name = o.Value is null ? o.Name : $"{o.Name} {o.Value}";
            lines.Add($"  {name,-28} {o.Help}");
        }

        lines.Add($"  {"--help",-28} This text.");
        lines.Add("");
        lines.Add("Exit codes: 0 all delivered, 1 lost or duplicated notifications, 2 bad arguments, 3 the run could not start.");
        return string.Join(Environment.NewLine, lines);
    }

    private static Uri ParseUrl(string v) =>
        Uri.TryCreate(v, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
            : throw new FormatException($"--url: '{v}' is not an http(s) URL.");

    private static int Int(string v, int min, int max) =>
        int.TryParse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"'{v}' is not a whole number in [{min}, {max}].");

    private static double Double(string v, double min, double max) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"'{v}' is not a number in [{min}, {max}].");

    /// <summary>Seconds ("30", "2.5"), or with units ("500ms", "30s", "2m", "1m30s").</summary>
    private static TimeSpan Time(string v, bool allowZero = false)
    {
        var total = TimeSpan.Zero;
        var rest = v.Trim();
        if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            total = TimeSpan.FromSeconds(seconds);
        }
        else
        {
            var matches = System.Text.RegularExpressions.Regex.Matches(rest, @"(\d+(?:\.\d+)?)(ms|s|m|h)");
            if (matches.Sum(m => m.Length) != rest.Length || matches.Count == 0)
            {
                throw new FormatException($"'{v}' is not a time (30, 30s, 500ms, 2m, 1m30s).");
            }

            foreach (System.Text.RegularExpressions.Match m in matches)
            {
                var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                total += m.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    _ => TimeSpan.FromHours(n),
                };
            }
        }

        return total < TimeSpan.Zero || (!allowZero && total == TimeSpan.Zero) || total > TimeSpan.FromHours(24)
            ? throw new FormatException($"'{v}' is out of range.")
            : total;
    }

    private static TrafficMix Mix(string v) =>
        TrafficMix.TryParse(v, out var mix, out var error) ? mix : throw new FormatException(error);
}
