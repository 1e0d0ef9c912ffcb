using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>Reads the body of <c>PATCH /api/notifications/{id}/snooze</c>: <c>until</c>, after now and at most 30 days ahead.</summary>
public static class SnoozeRequestReader
{
    public const int MaxDaysAhead = 30;

    /// <param name="body">The parsed body.</param>
    /// <param name="now">The server's time, which <c>until</c> must be after.</param>
    public static ReadResult<SnoozeRequest> Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", Messages.Object);
            return ReadResult<SnoozeRequest>.Invalid(errors);
        }

        var fields = JsonFields.Collect(body, string.Empty, errors, "until");
        var until = fields.Time("until", required: true);
        if (until <= now)
        {
            errors.Add("until", Messages.Future);
        }
        else if (until > now.AddDays(MaxDaysAhead))
        {
            errors.Add("until", Messages.AtMostDaysAhead(MaxDaysAhead));
        }

        return ReadResult<SnoozeRequest>.From(until is { } time ? new SnoozeRequest(time) : null, errors);
    }
}
