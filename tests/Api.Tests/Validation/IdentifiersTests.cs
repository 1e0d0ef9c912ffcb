using System.Text.RegularExpressions;
using Notifications.Api.Validation;

namespace Notifications.Api.Tests.Validation;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("alice", true)]
    [InlineData("A-Z_a-z-0-9", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("a@b", false)]
    [InlineData("a:b", false)]
    [InlineData("é", false)]
    [InlineData("a\n", false)]
    [InlineData("\uff41", false)]
    public void User_ids(string? value, bool valid) => Assert.Equal(valid, Identifiers.IsUserId(value));

    [Fact]
    public void User_id_is_at_most_64_characters()
    {
        Assert.True(Identifiers.IsUserId(new string('x', 64)));
        Assert.False(Identifiers.IsUserId(new string('x', 65)));
    }

    [Theory]
    [InlineData("c1", true)]
    [InlineData("conv:42@team.example-1_x", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("a#b", false)]
    [InlineData("a+b", false)]
    [InlineData("ü", false)]
    public void Reference_ids(string? value, bool valid) => Assert.Equal(valid, Identifiers.IsReferenceId(value));

    [Fact]
    public void Reference_id_is_at_most_128_characters()
    {
        Assert.True(Identifiers.IsReferenceId(new string('.', 128)));
        Assert.False(Identifiers.IsReferenceId(new string('.', 129)));
    }

    /// <summary>The patterns the OpenAPI document gives agree with the checks the readers run.</summary>
    [Theory]
    [InlineData("a")]
    [InlineData("A-Z_a-z-0-9")]
    [InlineData("conv:42@team.example-1_x")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("a\n")]
    [InlineData("é")]
    [InlineData("a/b")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void The_document_patterns_agree_with_the_checks(string value)
    {
        Assert.Equal(Identifiers.IsUserId(value), MatchesJsonSchemaPattern(Identifiers.UserIdPattern, value));
        Assert.Equal(Identifiers.IsReferenceId(value), MatchesJsonSchemaPattern(Identifiers.ReferenceIdPattern, value));
        Assert.Equal(Identifiers.IsReferenceId(new string('r', 128)), MatchesJsonSchemaPattern(Identifiers.ReferenceIdPattern, new string('r', 128)));
        Assert.False(MatchesJsonSchemaPattern(Identifiers.ReferenceIdPattern, new string('r', 129)));
    }

    /// <summary>JSON Schema patterns are ECMA-262, where <c>$</c> is the end of the input (.NET's also matches before a final newline).</summary>
    internal static bool MatchesJsonSchemaPattern(string pattern, string value) =>
        Regex.IsMatch(value, pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant);
}
