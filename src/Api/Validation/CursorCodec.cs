using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Api.Validation;

/// <summary>
/// Issues and checks list cursors: opaque, URL-safe (base64url, no padding) strings that carry a seq
/// and an HMAC-SHA256 tag over (user id, seq), so a cursor only decodes for the user it was issued
/// to and any edit, truncation or garbage is refused. Thread-safe.
/// </summary>
/// <remarks>
/// Layout before encoding: version (1 byte) | seq (8 bytes, big-endian) | first 15 bytes of the tag:
/// 24 bytes, a multiple of 3, so the 32 characters have no spare bits and each cursor has exactly one
/// spelling. A 120-bit tag is ample for a check an attacker can only try online. Cursors stay valid across restarts and Api nodes as
/// long as the key does; give every node the same key (e.g. derived from the JWT signing key with
/// <c>HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: "cursor"u8)</c>).
/// </remarks>
public sealed class CursorCodec
{
    public const int MinKeyLength = 16;

    private const byte Version = 1;
    private const int TagLength = 15;
    private const int PayloadLength = 1 + sizeof(long) + TagLength;
    private static readonly int EncodedLength = Base64Url.GetEncodedLength(PayloadLength);
    private static readonly byte[] Domain = "notifications/cursor/v1\0"u8.ToArray();

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly byte[][] _keys;

    public CursorCodec(ReadOnlySpan<byte> key)
        : this([key.ToArray()])
    {
    }

    /// <param name="keys">The first signs; every one is accepted when decoding (the older keys of a rotation).</param>
    public CursorCodec(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0 || keys.Any(k => k.Length < MinKeyLength))
        {
            throw new ArgumentException($"Give at least one cursor key, each at least {MinKeyLength} bytes.", nameof(keys));
        }

        _keys = [.. keys.Select(k => k.ToArray())];
    }

    /// <summary>The cursor that lists <paramref name="userId"/>'s notifications below <paramref name="seq"/>.</summary>
    public string Encode(string userId, long seq)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(seq);

        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload[1..], seq);
        ComputeTag(_keys[0], userId, seq, payload[(1 + sizeof(long))..]);
        return Base64Url.EncodeToString(payload);
    }

    /// <summary>
    /// True with the seq when <paramref name="cursor"/> is exactly one that <see cref="Encode"/> issued
    /// to <paramref name="userId"/> with one of this codec's keys; false for anything else. Never throws.
    /// </summary>
    public bool TryDecode(string? userId, string? cursor, out long seq)
    {
        seq = 0;
        if (userId is null || cursor is null || cursor.Length != EncodedLength)
        {
            return false;
        }

        // TryDecodeFromChars throws, rather than returning false, on some malformed input; the
        // alphabet check keeps exceptions off the common garbage path and the catch covers the rest.
        if (cursor.AsSpan().ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        try
        {
            if (!Base64Url.TryDecodeFromChars(cursor, payload, out var written) || written != PayloadLength || payload[0] != Version)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        var value = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        if (value < 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagLength];
        foreach (var key in _keys)
        {
            ComputeTag(key, userId, value, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, payload[(1 + sizeof(long))..]))
            {
                seq = value;
                return true;
            }
        }

        return false;
    }

    private static void ComputeTag(byte[] key, string userId, long seq, Span<byte> destination)
    {
        // domain | userId (UTF-8) | seq: the user id has no NUL, so the fields cannot be shifted into one another.
        var userBytes = Encoding.UTF8.GetByteCount(userId);
        var message = new byte[Domain.Length + userBytes + 1 + sizeof(long)];
        Domain.CopyTo(message, 0);
        Encoding.UTF8.GetBytes(userId, message.AsSpan(Domain.Length));
        message[Domain.Length + userBytes] = 0;
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(Domain.Length + userBytes + 1), seq);

        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, tag);
        tag[..TagLength].CopyTo(destination);
    }
}
