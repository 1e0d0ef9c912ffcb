using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Ganss.Xss;

namespace Notifications.Grains.Domain;

/// <summary>
/// Reduces a text field, read as an HTML fragment, to the plain text it shows (API.md, Conventions):
/// tags removed, <c>script</c>/<c>style</c> removed with their content, character references decoded.
/// </summary>
/// <remarks>
/// <para>Guarantees on the result: it is trimmed; it holds no HTML character reference (nothing that
/// <see cref="WebUtility.HtmlDecode(string?)"/> would change); and no <c>&lt;</c> is directly followed by
/// a letter, <c>/</c>, <c>!</c> or <c>?</c>. Text that decodes to markup is reduced again.</para>
/// <para>Whitespace inside the text is kept as the parser leaves it (newlines included; the parser
/// turns CRLF into LF when the text holds markup): only the ends are trimmed. Collapsing would
/// change texts that have no markup at all, and the fast path must return those untouched.
/// U+0000 is removed.</para>
/// <para>Thread-safe: the one <see cref="HtmlSanitizer"/> is configured once, at type
/// initialization, and never changed after; its README documents <c>Sanitize</c> as safe to call
/// concurrently under that condition.</para>
/// </remarks>
public static class PlainTextSanitizer
{
    // Each pass strips one level of encoding; real inputs need two at most. Deeper nesting is
    // adversarial and is finished off by Neutralize instead of more (costly) parser passes.
    private const int MaxPasses = 6;

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>The details with every text field reduced to plain text (SPEC §4 step 2); ids and URLs are validated instead.</summary>
    public static NotificationDetails Sanitize(NotificationDetails details) => details with
    {
        Title = Sanitize(details.Title),
        Content = Sanitize(details.Content),
        MessagePreview = Sanitize(details.MessagePreview),
        SenderUsername = Sanitize(details.SenderUsername),
        Actions = details.Actions.Count == 0
            ? details.Actions
            : new NotificationActions(details.Actions.Select(action => action with { Label = Sanitize(action.Label)! })),
    };

    /// <summary>Returns the plain text of <paramref name="value"/>; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Sanitize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // U+0000 goes on both paths: the HTML parser drops it on the slow one, and PostgreSQL text
        // cannot hold it, so the fast path must not keep it either.
        if (value.Contains('\0'))
        {
            value = value.Replace("\0", string.Empty, StringComparison.Ordinal);
        }

        // Fast path: without '<' or '&' there is neither markup nor a reference to decode, and
        // this runs for every recipient of a batch.
        if (value.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return value.Trim();
        }

        var current = ReplaceLoneSurrogates(value);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var next = WebUtility.HtmlDecode(Sanitizer.Sanitize(current));
            if (!NeedsReduction(next))
            {
                return next.Trim();
            }

            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                // The parser keeps this text as it is (e.g. a trailing "</"): another pass cannot help.
                break;
            }

            current = next;
        }

        // Decoding in Neutralize can turn "&#0;" into U+0000, which the parser would have dropped.
        return Neutralize(current).Replace("\0", string.Empty, StringComparison.Ordinal).Trim();
    }

    /// <summary>True when <paramref name="text"/> still holds a character reference or the start of markup.</summary>
    internal static bool NeedsReduction(string text) =>
        FindMarkupStart(text, 0) >= 0
        || (text.Contains('&') && !string.Equals(WebUtility.HtmlDecode(text), text, StringComparison.Ordinal));

    private static HtmlSanitizer CreateSanitizer()
    {
        // HtmlSanitizerOptions starts from the library's allow-lists in this version, so every set
        // is emptied explicitly: no tag, attribute, scheme, URI attribute or CSS is allowed.
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(),
            AllowedAttributes = new HashSet<string>(),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = new HashSet<string>(),
            UriAttributes = new HashSet<string>(),
            UriListAttributes = new HashSet<string>(),
        })
        {
            // A removed tag leaves its text behind ("<b>rock</b>" is "rock")...
            KeepChildNodes = true,
        };

        // ...except script and style, whose content is code, not text: drop them whole.
        sanitizer.RemovingTag += static (_, e) =>
        {
            if (e.Tag.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase)
                || e.Tag.LocalName.Equals("style", StringComparison.OrdinalIgnoreCase))
            {
                e.Tag.Remove();
                e.Cancel = true;
            }
        };

        return sanitizer;
    }

    /// <summary>
    /// The deterministic last resort for inputs the bounded loop could not settle: decode references
    /// until none is left (each decode shortens the text, so this ends), then insert a space after
    /// every '&lt;' that would start markup, so "&lt;/" becomes "&lt; /". Inserting a space cannot
    /// create a reference, so both guarantees hold together.
    /// </summary>
    internal static string Neutralize(string text)
    {
        while (text.Contains('&'))
        {
            var decoded = WebUtility.HtmlDecode(text);
            if (string.Equals(decoded, text, StringComparison.Ordinal))
            {
                break;
            }

            text = decoded;
        }

        var index = FindMarkupStart(text, 0);
        if (index < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        var start = 0;
        while (index >= 0)
        {
            builder.Append(text, start, index + 1 - start).Append(' ');
            start = index + 1;
            index = FindMarkupStart(text, start);
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static int FindMarkupStart(string text, int from)
    {
        for (var i = text.IndexOf('<', from); i >= 0 && i < text.Length - 1; i = text.IndexOf('<', i + 1))
        {
            // Any letter, not only the ASCII ones a parser opens a tag with: the contract says "a
            // letter", and the price is a space inserted into rare text such as "<é".
            var c = text[i + 1];
            if (c is '/' or '!' or '?' || char.IsLetter(text, i + 1))
            {
                return i;
            }
        }

        return -1;
    }

    // The edge rejects lone surrogates, but the parser and encoder must never see one: replacing
    // keeps this method total for any string.
    private static string ReplaceLoneSurrogates(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return value;
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
