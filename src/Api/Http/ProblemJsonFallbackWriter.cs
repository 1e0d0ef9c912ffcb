using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Notifications.Api.Http;

/// <summary>
/// API.md: every error is an <c>application/problem+json</c> body, whatever the request's
/// <c>Accept</c> says. ASP.NET Core's writer declines a request whose <c>Accept</c> names neither
/// JSON type (<c>text/html</c>, say); then <see cref="IProblemDetailsService.WriteAsync"/> throws
/// (a 401 challenge became a 500 with no body) and the status-code pages fall back to
/// <c>text/plain</c> (404, 405). This writer takes exactly what that one declines, and writes the
/// same body it would: the defaults of <see cref="Problems.FillDefaults"/> and a <c>traceId</c>.
/// </summary>
public sealed class ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue ProblemJson = new("application/problem+json");

    public bool CanWrite(ProblemDetailsContext context) => !AcceptsJson(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= httpContext.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? httpContext.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(httpContext.Response.WriteAsJsonAsync(
            problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), contentType: "application/problem+json"));
    }

    /// <summary>As ASP.NET Core's own writer decides: no Accept, or one that JSON or problem JSON satisfies.</summary>
    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(value => Json.IsSubsetOf(value) || ProblemJson.IsSubsetOf(value));
    }
}
