using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Notifications.LoadTest.Measure;

/// <summary>
/// HTTP outcomes per operation, e.g. <c>single 201</c>, <c>read 429</c>, <c>batch timeout</c>.
/// Keys are few, so a concurrent dictionary of boxed counters is cheap.
/// </summary>
public sealed class StatusCounter
{
    // Cached so counting a response allocates nothing.
    private static readonly string[] Codes = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly ConcurrentDictionary<(string Operation, string Outcome), StrongBox<long>> _counts = new();
    private long _errors;

    /// <summary>Responses outside 2xx plus transport failures and timeouts.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void Add(string operation, int status) => Add(operation, StatusText(status), status is < 200 or > 299);

    public void Add(string operation, string outcome, bool isError)
    {
        var box = _counts.GetOrAdd((operation, outcome), _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
        if (isError)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    /// <summary>"operation outcome" → count, sorted.</summary>
    public SortedDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((operation, outcome), box) in _counts)
        {
            result[$"{operation} {outcome}"] = Interlocked.Read(ref box.Value);
        }

        return result;
    }

    private static string StatusText(int status) => status is >= 0 and < 600 ? Codes[status] : "other";
}
