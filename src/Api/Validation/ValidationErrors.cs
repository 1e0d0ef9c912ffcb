namespace Notifications.Api.Validation;

/// <summary>
/// Field errors of one request, keyed by JSON property path (<c>userIds[3]</c>, <c>notification.title</c>)
/// or query parameter name, in the shape <c>TypedResults.ValidationProblem</c> takes.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>The number of fields with at least one error.</summary>
    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(message);
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    public bool Contains(string field) => _errors.ContainsKey(field);

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
