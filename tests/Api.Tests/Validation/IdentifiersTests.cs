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
}
