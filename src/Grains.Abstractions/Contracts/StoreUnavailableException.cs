namespace Notifications;

/// <summary>
/// The store did not answer or refused a request for a reason that is not the caller's fault
/// (connection limits, a server restarting). It crosses the wire in place of the driver's own
/// exception, which Orleans cannot serialize; callers answer 503 and retry later.
/// </summary>
[GenerateSerializer, Alias("notifications.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
