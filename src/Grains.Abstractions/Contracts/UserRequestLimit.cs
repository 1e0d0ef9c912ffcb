namespace Notifications;

/// <summary>
/// The per-user request limit of API.md ("every caller without role service: 100 requests per
/// minute"), kept by the user's own inbox so that it holds across every Api node at no extra hop:
/// the Api marks a request with <see cref="Mark"/>, and each call the request makes to that user's
/// inbox is counted there (a silo call filter) before it runs — one per request, as every
/// end-user route calls the inbox once.
/// </summary>
public static class UserRequestLimit
{
    /// <summary>The <see cref="RequestContext"/> key of the mark: "<c>limit</c>:<c>user hash</c>".</summary>
    public const string ContextKey = "notifications.user-request";

    /// <summary>
    /// Marks the calls of the current request as one request of the user whose hash (the logs'
    /// <c>UserIdHash</c>) is <paramref name="userHash"/>, limited to <paramref name="perMinute"/>.
    /// The hash, never the id: the request context travels in message headers, which may be logged.
    /// </summary>
    public static void Mark(string userHash, int perMinute)
    {
        ArgumentNullException.ThrowIfNull(userHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        RequestContext.Set(ContextKey, $"{perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{userHash}");
    }

    /// <summary>The mark of the call being served, if any: whose request it is (the user's hash) and its limit.</summary>
    public static (string UserHash, int PerMinute)? Current()
    {
        if (RequestContext.Get(ContextKey) is not string mark)
        {
            return null;
        }

        var colon = mark.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(mark.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perMinute)
            ? (mark[(colon + 1)..], perMinute)
            : null;
    }
}

/// <summary>The user has used up the request limit of the current window; retry after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("notifications.UserRequestLimitExceededException")]
public sealed class UserRequestLimitExceededException : Exception
{
    public UserRequestLimitExceededException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    public UserRequestLimitExceededException(TimeSpan retryAfter)
        : base("Too many requests.")
    {
        RetryAfter = retryAfter;
    }

    public UserRequestLimitExceededException(string message)
        : base(message)
    {
    }

    public UserRequestLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public TimeSpan RetryAfter { get; private set; } = TimeSpan.FromSeconds(1);
}
