using System.Net;
using Notifications.Grains.Domain;

namespace Notifications.Grains.Tests.Domain;

public sealed class PlainTextSanitizerTests
{
    [Theory]
    [InlineData("Tom &amp; Jerry <b>rock</b>", "Tom & Jerry rock")]
    [InlineData("Tom & Jerry rock", "Tom & Jerry rock")]
    [InlineData("<b>Bob</b>", "Bob")]
    [InlineData("a<script>alert(1)</script>b", "ab")]
    [InlineData("a<SCRIPT type=\"text/javascript\">alert('<b>x</b>')</SCRIPT>b", "ab")]
    [InlineData("a<style>body { color: red }</style>b", "ab")]
    [InlineData("<b><script>alert(1)</script>bold</b>", "bold")]
    [InlineData("<div><style>p{}</style><p>para</p></div>", "para")]
    [InlineData("<svg><script>alert(1)</script><style>x{}</style>t</svg>", "t")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"x()\">link</a>", "link")]
    [InlineData("<img src=x onerror=alert(1)>pic", "pic")]
    [InlineData("x<!-- a comment -->y", "xy")]
    [InlineData("<p>one</p>\n<p>two</p>", "one\ntwo")]
    public void Removes_markup_and_keeps_text(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Theory]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;", "")]
    [InlineData("&lt;b&gt;x", "x")]
    [InlineData("&lt;b&gt;bold&lt;/b&gt; text", "bold text")]
    [InlineData("&amp;lt;b&amp;gt;x", "x")]
    [InlineData("&amp;amp;", "&")]
    [InlineData("Tom &amp;amp; Jerry", "Tom & Jerry")]
    [InlineData("&#60;script&#62;alert(1)&#60;/script&#62;ok", "ok")]
    [InlineData("&#x3C;i&#x3E;it&#x3C;/i&#x3E;", "it")]
    [InlineData("&#38;lt;b&#38;gt;y", "y")]
    [InlineData("&lt;!-- hidden --&gt;shown", "shown")]
    [InlineData("&quot;quoted&quot; &apos;x&apos; &copy; &euro;", "\"quoted\" 'x' \u00a9 \u20ac")]
    [InlineData("&#128512; smile", "\U0001F600 smile")]
    [InlineData("&#x1F600;", "\U0001F600")]
    public void Decodes_references_and_reduces_revealed_markup(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Theory]
    [InlineData("a < b", "a < b")]
    [InlineData("5 > 3", "5 > 3")]
    [InlineData("AT&T", "AT&T")]
    [InlineData("a < b & c > d", "a < b & c > d")]
    [InlineData("1<2", "1<2")]
    [InlineData("x &y z", "x &y z")]
    [InlineData("<3 you", "<3 you")]
    [InlineData("a &lt; b", "a < b")]
    [InlineData("AT&amp;T", "AT&T")]
    public void Keeps_plain_comparisons_and_ampersands(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Theory]
    [InlineData("\U0001F600 emoji \U0001F389", "\U0001F600 emoji \U0001F389")]
    [InlineData("<b>\U0001F600</b> \U00020BB7", "\U0001F600 \U00020BB7")]
    [InlineData("日本語 <i>テキスト</i>", "日本語 テキスト")]
    [InlineData("\u202Eright-to-left\u202C", "\u202Eright-to-left\u202C")]
    public void Keeps_non_ascii_and_astral_text(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Theory]
    [InlineData("  padded  ", "padded")]
    [InlineData("\t\n x \r\n", "x")]
    [InlineData("  <b> bold </b>  ", "bold")]
    [InlineData("a  b\tc\nd", "a  b\tc\nd")]
    [InlineData("&nbsp;x&nbsp;", "x")]
    [InlineData("<b></b>", "")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    [InlineData("<script>only</script>", "")]
    public void Trims_the_ends_and_keeps_inner_whitespace(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Theory]
    [InlineData("a\0b", "ab")]
    [InlineData("<b>a\0b</b>", "ab")]
    [InlineData("\0 x \0", "x")]
    [InlineData("&#0;y", "\uFFFDy")]
    [InlineData("&amp;amp;amp;amp;amp;amp;amp;amp;#0;x </", "x < /")]
    public void Nul_characters_are_removed(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Fact]
    public void Null_stays_null() => Assert.Null(PlainTextSanitizer.Sanitize((string?)null));

    [Fact]
    public void Fast_path_returns_the_same_instance()
    {
        var text = "no markup here, just text: 1 + 1 = 2";
        Assert.Same(text, PlainTextSanitizer.Sanitize(text));
    }

    [Theory]
    [InlineData("a </", "a < /")]
    [InlineData("</", "< /")]
    [InlineData("x </ y", "x")]
    public void Text_the_parser_keeps_as_markup_is_neutralized(string input, string expected) =>
        Assert.Equal(expected, PlainTextSanitizer.Sanitize(input));

    [Fact]
    public void Deeply_nested_encodings_end_with_no_reference_and_no_markup()
    {
        var text = "<script>alert(1)</script>";
        for (var i = 0; i < 12; i++)
        {
            text = WebUtility.HtmlEncode(text);
        }

        var result = PlainTextSanitizer.Sanitize(text + " tail");

        AssertPlain(result);
        Assert.EndsWith("tail", result);
    }

    [Fact]
    public void Neutralize_decodes_every_reference_then_breaks_markup_starts() =>
        Assert.Equal("< script>x< /script>< !x< ?y<3 <", PlainTextSanitizer.Neutralize("&amp;lt;script&gt;x</script><!x<?y<3 <"));

    [Fact]
    public void Lone_surrogates_do_not_throw()
    {
        var result = PlainTextSanitizer.Sanitize("<b>\uD800x</b>\uDC00");
        Assert.Equal("\uFFFDx\uFFFD", result);
    }

    [Theory]
    [InlineData("&lt;")]
    [InlineData("&lt;&lt;a&gt;&gt;")]
    [InlineData("<<a>>")]
    [InlineData("<<<<<<</")]
    [InlineData("&&&&lt;;;;")]
    [InlineData("&amp;#60;/x&amp;#62;")]
    [InlineData("<! <? </ <a")]
    [InlineData("&lt;é &lt;Ж")]
    [InlineData("<textarea><b>x</b></textarea>")]
    [InlineData("<xmp><i>y</i></xmp>")]
    [InlineData("<noscript><b>z</b></noscript>")]
    [InlineData("<title>&lt;b&gt;</title>")]
    [InlineData("<template><script>1</script>t</template>")]
    [InlineData("<math><mi><style>a</style>m</mi></math>")]
    [InlineData("<![CDATA[<b>x</b>]]>")]
    [InlineData("<plaintext><b>p")]
    public void Pathological_inputs_satisfy_the_output_guarantee(string input) =>
        AssertPlain(PlainTextSanitizer.Sanitize(input));

    [Fact]
    public void Is_stable_when_applied_twice()
    {
        string[] inputs = ["Tom &amp; Jerry <b>rock</b>", "&amp;lt;b&amp;gt;x", "a </", "AT&T", "<p> x </p>"];
        foreach (var input in inputs)
        {
            var once = PlainTextSanitizer.Sanitize(input);
            Assert.Equal(once, PlainTextSanitizer.Sanitize(once));
        }
    }

    [Fact]
    public async Task Is_safe_to_call_concurrently()
    {
        (string Input, string Expected)[] cases =
        [
            ("Tom &amp; Jerry <b>rock</b>", "Tom & Jerry rock"),
            ("a<script>alert(1)</script>b", "ab"),
            ("&lt;b&gt;x", "x"),
            ("<i>\U0001F600</i>", "\U0001F600"),
            ("<style>p{}</style>s", "s"),
        ];

        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var failures = 0;
            for (var i = 0; i < 300; i++)
            {
                var (input, expected) = cases[(i + worker) % cases.Length];
                if (PlainTextSanitizer.Sanitize(input) != expected)
                {
                    failures++;
                }
            }

            return failures;
        }, TestContext.Current.CancellationToken));

        var results = await Task.WhenAll(tasks);
        Assert.All(results, failures => Assert.Equal(0, failures));
    }

    private static void AssertPlain(string? result)
    {
        Assert.NotNull(result);
        Assert.Equal(result, WebUtility.HtmlDecode(result));
        for (var i = result.IndexOf('<'); i >= 0 && i < result.Length - 1; i = result.IndexOf('<', i + 1))
        {
            var next = result[i + 1];
            Assert.False(next is '/' or '!' or '?' || char.IsLetter(result, i + 1), $"markup start at {i} in \"{result}\"");
        }
    }
}
