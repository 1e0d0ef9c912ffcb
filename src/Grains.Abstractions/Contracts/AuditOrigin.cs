namespace Notifications;

/// <summary>
/// The request an audited action came from: the HTTP request id and the W3C trace id, when there
/// is one. An action that runs in a grain (a preference change, written by the user's inbox with
/// the change) learns it from the call's <see cref="RequestContext"/>, where the Api puts it.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.AuditOrigin")]
public sealed record AuditOrigin([property: Id(0)] string? RequestId, [property: Id(1)] string? TraceId)
{
    private const string RequestIdKey = "notifications.request-id";
    private const string TraceIdKey = "notifications.trace-id";

    public static readonly AuditOrigin None = new(null, null);

    /// <summary>Marks the grain calls of the current request as coming from this origin.</summary>
    public void Mark()
    {
        if (RequestId is not null)
        {
            RequestContext.Set(RequestIdKey, RequestId);
        }

        if (TraceId is not null)
        {
            RequestContext.Set(TraceIdKey, TraceId);
        }
    }

    /// <summary>The origin of the call being served (<see cref="None"/> when unmarked).</summary>
    public static AuditOrigin Current()
    {
        var requestId = RequestContext.Get(RequestIdKey) as string;
        var traceId = RequestContext.Get(TraceIdKey) as string;
        return requestId is null && traceId is null ? None : new AuditOrigin(requestId, traceId);
    }
}
