using System.Globalization;

namespace Notifications.LoadTest.Options;

/// <summary>
/// Shares of the operations the run issues, in percent-like weights (they need not add up to 100):
/// single creates, batch fan-outs and end-user reads (list, counts, mark read).
/// </summary>
public sealed record TrafficMix(int Single, int Batch, int Read)
{
    public static TrafficMix Default { get; } = new(90, 5, 5);

    public int Total => Single + Batch + Read;

    /// <summary>Picks an operation from a uniform draw in [0, <see cref="Total"/>).</summary>
    public OperationKind Pick(int draw) =>
        draw < Single ? OperationKind.Single
        : draw < Single + Batch ? OperationKind.Batch
        : OperationKind.Read;

    /// <summary>Parses <c>single=90,batch=5,read=5</c>; an omitted kind is 0.</summary>
    public static bool TryParse(string text, out TrafficMix mix, out string? error)
    {
        mix = new TrafficMix(0, 0, 0);
        error = null;
        int single = 0, batch = 0, read = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                error = $"--mix: '{part}' is not kind=weight.";
                return false;
            }

            switch (pair[0].ToLowerInvariant())
            {
                case "single": single = weight; break;
                case "batch": batch = weight; break;
                case "read": read = weight; break;
                default:
                    error = $"--mix: unknown kind '{pair[0]}' (single, batch, read).";
                    return false;
            }
        }

        if (single + batch == 0)
        {
            error = "--mix: at least one of single and batch must be above 0 (the run measures deliveries).";
            return false;
        }

        mix = new TrafficMix(single, batch, read);
        return true;
    }

    public override string ToString() => $"single={Single},batch={Batch},read={Read}";
}

public enum OperationKind
{
    Single,
    Batch,
    Read,
}
