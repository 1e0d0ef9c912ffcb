using Microsoft.AspNetCore.Http;

namespace Notifications.Api.Validation;

/// <summary>What <c>GET /api/admin/audit</c> asks for: a page size and where the previous page ended.</summary>
public sealed record AuditQuery(int Limit, long? BeforeId);

/// <summary>Reads the query of <c>GET /api/admin/audit</c>: <c>limit</c> and <c>cursor</c>, as the notification list reads them.</summary>
public static class AuditQueryReader
{
    /// <summary>
    /// Whom audit cursors are issued to in <see cref="CursorCodec"/>: a name no user id can have (ids
    /// hold no control characters), so a notification cursor never decodes as an audit one or back.
    /// </summary>
    public const string CursorScope = "\0audit";

    public static ReadResult<AuditQuery> Read(IQueryCollection query, CursorCodec cursors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(cursors);

        var errors = new ValidationErrors();
        var limit = QueryFields.ReadLimit(query, errors);
        var beforeId = QueryFields.ReadCursor(query, cursors, CursorScope, "Is not a cursor this service issued for the audit log.", errors, out _);

        return errors.Any ? ReadResult<AuditQuery>.Invalid(errors) : ReadResult<AuditQuery>.Valid(new AuditQuery(limit, beforeId));
    }
}
