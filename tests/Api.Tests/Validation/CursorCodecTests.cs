using System.Text;
using Notifications.Api.Validation;

namespace Notifications.Api.Tests.Validation;

public sealed class CursorCodecTests
{
    private static readonly CursorCodec Codec = new("0123456789abcdef0123456789abcdef"u8);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(long.MaxValue)]
    public void Round_trips_for_its_user(long seq)
    {
        var cursor = Codec.Encode("alice", seq);

        Assert.True(Codec.TryDecode("alice", cursor, out var decoded));
        Assert.Equal(seq, decoded);
    }

    [Fact]
    public void Is_url_safe()
    {
        for (var seq = 0L; seq < 2000; seq += 7)
        {
            var cursor = Codec.Encode("alice", seq);
            Assert.Equal(32, cursor.Length);
            Assert.All(cursor, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' in {cursor}"));
        }
    }

    [Fact]
    public void Is_refused_for_another_user()
    {
        var cursor = Codec.Encode("alice", 42);

        Assert.False(Codec.TryDecode("bob", cursor, out var seq));
        Assert.Equal(0, seq);
        Assert.False(Codec.TryDecode("Alice", cursor, out _));
        Assert.False(Codec.TryDecode("alice2", cursor, out _));
    }

    [Fact]
    public void The_first_key_signs_and_every_key_decodes()
    {
        byte[] current = [.. "current-cursor-key-0123456789ab"u8];
        byte[] previous = [.. "previous-cursor-key-0123456789a"u8];
        var rotating = new CursorCodec([current, previous]);

        var old = new CursorCodec(previous).Encode("alice", 7);
        var made = rotating.Encode("alice", 8);

        Assert.True(rotating.TryDecode("alice", old, out var seq) && seq == 7);
        Assert.True(new CursorCodec(current).TryDecode("alice", made, out seq) && seq == 8);
        Assert.False(new CursorCodec(previous).TryDecode("alice", made, out _));
        Assert.False(new CursorCodec(current).TryDecode("alice", old, out _));
        Assert.False(rotating.TryDecode("bob", old, out _));
    }

    [Fact]
    public void Needs_a_key_and_every_key_long_enough()
    {
        Assert.Throws<ArgumentException>(() => new CursorCodec(Array.Empty<byte[]>()));
        Assert.Throws<ArgumentException>(() => new CursorCodec([new byte[32], new byte[8]]));
    }

    [Fact]
    public void Is_refused_with_another_key()
    {
        var other = new CursorCodec("fedcba9876543210fedcba9876543210"u8);
        Assert.False(other.TryDecode("alice", Codec.Encode("alice", 42), out _));
    }

    [Fact]
    public void Every_single_character_change_is_refused()
    {
        var cursor = Codec.Encode("alice", 42);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var c in alphabet)
            {
                if (c == cursor[i])
                {
                    continue;
                }

                var tampered = string.Concat(cursor.AsSpan(0, i), c.ToString(), cursor.AsSpan(i + 1));
                Assert.False(Codec.TryDecode("alice", tampered, out _), tampered);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("====")]
    [InlineData("not a cursor")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAqAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAq====================")]
    [InlineData("AQAAAAAAAAAq+/+/+/+/+/+/+/+/+/+/")]
    [InlineData("AQAAAAAAAAAq%%%%%%%%%%%%%%%%%%%%%%")]
    [InlineData("\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800")]
    [InlineData(null)]
    public void Garbage_is_refused_without_throwing(string? cursor) =>
        Assert.False(Codec.TryDecode("alice", cursor, out _));

    [Fact]
    public void Truncated_extended_and_padded_cursors_are_refused()
    {
        var cursor = Codec.Encode("alice", 42);

        Assert.False(Codec.TryDecode("alice", cursor[..^1], out _));
        Assert.False(Codec.TryDecode("alice", cursor + "A", out _));
        Assert.False(Codec.TryDecode("alice", cursor + "=", out _));
        Assert.False(Codec.TryDecode("alice", cursor + cursor, out _));
        Assert.False(Codec.TryDecode("alice", " " + cursor, out _));
    }

    [Fact]
    public void Long_garbage_is_refused()
    {
        Assert.False(Codec.TryDecode("alice", new string('A', 100_000), out _));
        Assert.False(Codec.TryDecode("alice", Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', 5000))), out _));
    }

    [Fact]
    public void Null_user_is_refused() => Assert.False(Codec.TryDecode(null, Codec.Encode("alice", 1), out _));

    [Fact]
    public void Short_keys_and_negative_seqs_are_programming_errors()
    {
        Assert.Throws<ArgumentException>(() => new CursorCodec("short"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Codec.Encode("alice", -1));
    }

    [Fact]
    public async Task Is_safe_to_use_concurrently()
    {
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var seq = 0L; seq < 500; seq++)
            {
                var user = $"user{worker}";
                if (!Codec.TryDecode(user, Codec.Encode(user, seq), out var decoded) || decoded != seq)
                {
                    return false;
                }
            }

            return true;
        }, TestContext.Current.CancellationToken));

        Assert.All(await Task.WhenAll(tasks), Assert.True);
    }
}
