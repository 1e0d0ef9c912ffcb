using System.Text.Json;

namespace Notifications.Api.Validation;

/// <summary>The <c>userIds</c> of a batch or a broadcast: 1–10,000 valid, distinct user ids.</summary>
internal static class UserIdListReader
{
    public const int MaxUserIds = 10_000;

    // A 1 MB body holds about 250,000 bad entries; listing every one would make the 400 larger than the request.
    public const int MaxItemErrors = 100;

    public static IReadOnlyList<string>? Read(JsonFields fields)
    {
        const string name = "userIds";
        var errors = fields.Errors;
        if (!fields.TryGet(name, out var array))
        {
            errors.Add(name, Messages.Required);
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, Messages.Array);
            return null;
        }

        var length = array.GetArrayLength();
        if (length is 0 or > MaxUserIds)
        {
            errors.Add(name, $"Must hold 1 to {MaxUserIds} user ids.");
            return null;
        }

        var ids = new List<string>(length);
        var firstIndex = new Dictionary<string, int>(length, StringComparer.Ordinal);
        var itemErrors = 0;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{name}[{index}]";
            string? error = null;
            if (item.ValueKind != JsonValueKind.String || !JsonText.TryDecode(item, out var id) || !Identifiers.IsUserId(id))
            {
                error = Messages.UserId;
            }
            else if (!firstIndex.TryAdd(id, index))
            {
                error = $"Repeats {name}[{firstIndex[id]}]; user ids must be distinct.";
            }
            else
            {
                ids.Add(id);
            }

            if (error is not null && ++itemErrors <= MaxItemErrors)
            {
                errors.Add(path, error);
            }

            index++;
        }

        if (itemErrors > MaxItemErrors)
        {
            errors.Add(name, $"Holds {itemErrors} invalid or repeated entries; the first {MaxItemErrors} are listed.");
        }

        return itemErrors == 0 ? ids : null;
    }
}
