using System.Globalization;
using System.Text;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// A small deterministic generator of hostile inputs over one seeded <see cref="Random"/>: text
/// measured in code points, JSON values of the wrong kind, broken bytes, markup and SQL payloads.
/// </summary>
internal sealed class HostileGen(Random random)
{
    /// <summary>
    /// Stands for "raw invalid UTF-8 here" in a body built as text: <see cref="Encode"/> replaces its
    /// UTF-8 form (EE 80 80) with one of <see cref="BadUtf8"/>. Nothing else generates U+E000.
    /// </summary>
    public const char BadBytesMarker = '\uE000';

    /// <summary>Invalid UTF-8: overlong forms, an encoded surrogate, out-of-range and truncated sequences.</summary>
    public static readonly byte[][] BadUtf8 =
    [
        [0xC0, 0xAF], // overlong '/'
        [0xC0, 0x80], // overlong NUL
        [0xE0, 0x80, 0xBC], // overlong '<'
        [0xED, 0xA0, 0x80], // U+D800 encoded (CESU-8), a lone high surrogate
        [0xED, 0xBF, 0xBF], // U+DFFF encoded, a lone low surrogate
        [0xF4, 0x90, 0x80, 0x80], // beyond U+10FFFF
        [0xFF],
        [0xFE, 0xFF],
        [0x80], // a lone continuation byte
        [0xE2, 0x82], // a truncated sequence
    ];

    public static readonly string[] Markup =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "\"><script>alert(document.cookie)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<!--<script>alert(1)//-->",
        "<?xml version=\"1.0\"?><x/>",
        "<style>*{x:expression(alert(1))}</style>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<b onmouseover=alert(1)>bold</b>",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
    ];

    public static readonly string[] Sql =
    [
        "'); DROP TABLE notifications;--",
        "\" OR 1=1 --",
        "' OR '1'='1",
        "1; DELETE FROM notifications WHERE 1=1",
        "'; UPDATE notifications SET user_id='x';--",
        "\\'; SELECT pg_sleep(10);--",
        "%' UNION SELECT * FROM notifications --",
    ];

    /// <summary>Single code points that break naive code: NUL, combining marks, astral, BOM, bidi, separators.</summary>
    private static readonly string[] CodePoints =
    [
        "a", "Z", "7", " ", "-", "_", "é", "ß", "\u0301", "\u0308", "\u20DD", "中", "\U0001F600", "\U0001D11E", "\U0010FFFF",
        "\0", "\t", "\n", "\r", "\u2028", "\u200B", "\u200D", "\u202E", "\uFEFF", "\u00A0", "\uFFFD", "\uFFFF", "\"", "\\", "'",
        "<", ">", "&", "/", "ａ", "а", "\u0000", "\u001F", "\u007F",
    ];

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => random.Next(min, maxExclusive);

    public bool Chance(double p) => random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Exactly <paramref name="count"/> code points, well-formed UTF-16, from the hostile set.</summary>
    public string Text(int count)
    {
        var builder = new StringBuilder(count * 2);
        var plain = Chance(0.3); // long runs of one hostile code point, or a mix
        var repeated = Pick(CodePoints);
        for (var i = 0; i < count; i++)
        {
            builder.Append(plain ? repeated : Pick(CodePoints));
        }

        return builder.ToString();
    }

    /// <summary>A length in code points at or around <paramref name="limit"/> (or one of the small edges).</summary>
    public int AroundLimit(int limit) => Pick([0, 1, limit - 1, limit, limit, limit + 1, limit + 1, limit + 2, 2 * limit]) is var n && n < 0 ? 0 : n;

    /// <summary>Markup, SQL, format strings and other text that has hurt services before.</summary>
    public string Payload() => Next(4) switch
    {
        0 => Pick(Markup),
        1 => Pick(Sql),
        2 => Pick(["${jndi:ldap://x/a}", "{{7*7}}", "%s%s%n", "../../../../etc/passwd", "\u202Egnp.exe", "Robert'); --", "null", "undefined", "NaN", "__proto__"]),
        _ => Pick(Markup) + Text(Next(1, 6)) + Pick(Sql),
    };

    /// <summary>A JSON string literal for <paramref name="value"/>, each character raw or escaped at random.</summary>
    public string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 8).Append('"');
        var escapeAll = Chance(0.15);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == BadBytesMarker)
            {
                builder.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && (escapeAll || Chance(0.3)))
            {
                // A pair is escaped as a pair: escaping one half only would send the other half alone.
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}\\u{(int)value[++i]:x4}");
            }
            else if (c is '"' or '\\' || c < ' ' || (escapeAll && c > '~' && !char.IsSurrogate(c)))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else if (c == '/' && Chance(0.5))
            {
                builder.Append("\\/");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A JSON string holding a lone surrogate, escaped (<c>\ud800</c>) or as raw invalid bytes.</summary>
    public string BrokenString(string around)
    {
        var at = Next(around.Length + 1);
        var broken = Next(5) switch
        {
            0 => "\\ud800",
            1 => "\\udfff",
            2 => "\\ud83d", // a high surrogate of an emoji, without its low half
            3 => "\\ude00\\ud83d", // the halves of an emoji in the wrong order
            _ => BadBytesMarker.ToString(),
        };
        var escaped = JsonString(around);
        var inner = escaped[1..^1];

        // Never split an escape sequence of the rest.
        var cut = Math.Min(at, inner.Length);
        while (cut > 0 && inner.LastIndexOf('\\', cut - 1) is var slash && slash >= 0 && cut - slash <= 6 && IsInsideEscape(inner, slash, cut))
        {
            cut = slash;
        }

        return "\"" + inner[..cut] + broken + inner[cut..] + "\"";
    }

    private static bool IsInsideEscape(string text, int slash, int cut)
    {
        var backslashes = 0;
        for (var i = slash; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        if (backslashes % 2 == 0)
        {
            return false;
        }

        var length = slash + 1 < text.Length && text[slash + 1] == 'u' ? 6 : 2;
        return cut < slash + length;
    }

    /// <summary>A JSON value of some other kind than the field expects (or a string that cannot be one).</summary>
    public string WrongKind() => Pick(
    [
        "0", "-1", "1.5", "-0", "1e308", "1e999", "-1e999", "123456789012345678901234567890", "true", "false", "null", "[]", "{}",
        "[null]", "[[[]]]", "{\"\":\"\"}", "\"\"", "\" \"", "\"\\u0000\"", "[\"a\"]", "{\"a\":1}", "0.0000000000000000000001",
    ]);

    /// <summary>A string that is not a valid id of either format.</summary>
    public string BadId() => Pick(
    [
        "", " ", "a b", "a\u0000b", "а", "ａ", "a/b", "../x", "a%2Fb", "a\nb", "<script>", "'; DROP TABLE x;--", "é", "\U0001F600",
        new string('a', 65), new string('b', 129), new string('c', 5000), "a.b", "a:b", "a@b", "-", "_", "a\u0301",
    ]);

    /// <summary>Text as UTF-8 bytes, each <see cref="BadBytesMarker"/> replaced by invalid bytes; sometimes with a BOM in front.</summary>
    public byte[] Encode(string body, bool allowBom = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        byte[] marker = [0xEE, 0x80, 0x80];
        var output = new List<byte>(bytes.Length + 8);
        if (allowBom && Chance(0.03))
        {
            output.AddRange([0xEF, 0xBB, 0xBF]);
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (i + 2 < bytes.Length && bytes.AsSpan(i, 3).SequenceEqual(marker))
            {
                output.AddRange(Pick(BadUtf8));
                i += 2;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        return [.. output];
    }

    /// <summary>Whitespace JSON allows between tokens, sometimes none.</summary>
    public string Space() => Next(6) switch
    {
        0 => " ",
        1 => "\n\t ",
        2 => "\r\n",
        _ => "",
    };

    /// <summary>Nesting of <paramref name="depth"/> levels of arrays or objects around a value, balanced or not.</summary>
    public string Nested(int depth, bool balanced = true)
    {
        var objects = Chance(0.5);
        var builder = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(objects ? "{\"a\":" : "[");
        }

        builder.Append("1");
        if (balanced)
        {
            builder.Append(objects ? '}' : ']', depth);
        }

        return builder.ToString();
    }
}
