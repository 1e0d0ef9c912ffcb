using Notifications.Grains.Domain;

namespace Notifications.Grains.Tests.Domain;

public sealed class UserIdHashTests
{
    [Fact]
    public void A_user_id_hashes_to_a_stable_pseudonym_that_does_not_contain_it()
    {
        var hash = UserIdHash.Of("alice");

        Assert.Matches("^[0-9a-f]{16}$", hash);
        Assert.Equal(hash, UserIdHash.Of("alice"));
        Assert.NotEqual(hash, UserIdHash.Of("alicf"));
        Assert.DoesNotContain("alice", hash, StringComparison.Ordinal);

        // The first 8 bytes of SHA-256("alice"), so operators can compute it by hand.
        Assert.Equal("2bd806c97f0e00af", hash);
    }
}
