using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Every error answer of API.md (RFC 9457, <c>application/problem+json</c>). The Api writes them with
/// ASP.NET Core's problem details service (Http/Problems.cs), which leaves out what is null; this
/// describes them for the document.
/// </summary>
[SchemaName(SchemaNames.Problem)]
public sealed class ProblemBody
{
    [Required]
    public required string Type { get; init; }

    [Required]
    public required string Title { get; init; }

    [Required]
    public required int Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Instance { get; init; }

    [Description("400 only: messages by field (e.g. title, notification.type, userIds[3]).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }

    [Description("The request's trace id, for support.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }
}
