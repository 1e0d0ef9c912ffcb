using System.Diagnostics;
using OpenTelemetry;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Applies <see cref="LogRedaction"/> to every span before any exporter sees it: the display name,
/// string attributes and the status description. Orleans tags its grain-call spans with the
/// caller's and the target's grain ids (<c>orleans.rpc.target_id</c> = <c>userinbox/alice</c>),
/// and a failed call with its exception's message; a trace backend is no place for raw user ids
/// or tokens any more than the console is.
/// </summary>
/// <remarks>
/// Events and links cannot be rewritten once added (an <see cref="Activity"/> has no API for it);
/// nothing the service traces puts a user id or a token there, and <c>PrivacyTests</c> checks them.
/// </remarks>
public sealed class RedactingSpanProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = LogRedaction.Redact(data.DisplayName);
        if (!ReferenceEquals(name, data.DisplayName))
        {
            data.DisplayName = name;
        }

        // Collected first: setting a tag while enumerating them would invalidate the enumerator.
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && LogRedaction.Redact(text) is var redacted && !ReferenceEquals(redacted, text))
            {
                (changed ??= []).Add(new(key, redacted));
            }
        }

        if (changed is not null)
        {
            foreach (var (key, value) in changed)
            {
                data.SetTag(key, value);
            }
        }

        if (data.StatusDescription is { } description && LogRedaction.Redact(description) is var status && !ReferenceEquals(status, description))
        {
            data.SetStatus(data.Status, status);
        }
    }
}
