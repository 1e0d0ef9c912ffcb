using System.Diagnostics;

namespace Notifications.Api.Http;

/// <summary>Which request an audited action came from, as the audit trail records it.</summary>
internal static class RequestOrigin
{
    /// <summary>The request's id (<see cref="HttpContext.TraceIdentifier"/>, as the logs show it) and its W3C trace id when it is traced.</summary>
    public static AuditOrigin Of(HttpContext context) =>
        new(context.TraceIdentifier, Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : null);
}
