using System.Net.Sockets;
using System.Text;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not send: an exact request target (dot
/// segments, %00, raw non-ASCII), repeated headers, raw bytes in header values, lying framing.
/// </summary>
internal static class RawHttp
{
    public static async Task<Answer> SendAsync(Uri baseAddress, string method, string target, IEnumerable<(string Name, byte[] Value)> headers, byte[]? body = null)
    {
        using var client = new TcpClient();
        var ct = TestContext.Current.CancellationToken;
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, ct);
        await using var stream = client.GetStream();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));

        var request = new MemoryStream();
        Write(request, $"{method} ");
        Write(request, target);
        Write(request, $" HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            Write(request, name + ": ");
            request.Write(value);
            Write(request, "\r\n");
        }

        Write(request, "\r\n");
        if (body is not null)
        {
            request.Write(body);
        }

        try
        {
            await stream.WriteAsync(request.ToArray(), deadline.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything; the answer is still there to read.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
        }

        return Parse(received.ToArray());
    }

    public static byte[] Ascii(string value) => Encoding.ASCII.GetBytes(value);

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));

    private static Answer Parse(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no complete answer: " + Replay.Shorten(text));
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var raw = response.AsSpan(end + 4).ToArray();
        var body = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(raw) : raw;
        if (headers.TryGetValue("Content-Encoding", out var encoding) && body.Length > 0)
        {
            using var compressed = new MemoryStream(body);
            using Stream decoder = encoding switch
            {
                "gzip" => new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress),
                "br" => new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress),
                _ => throw new InvalidOperationException("unexpected Content-Encoding " + encoding),
            };
            using var plain = new MemoryStream();
            decoder.CopyTo(plain);
            body = plain.ToArray();
        }

        var mediaType = headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0].Trim() : null;
        var message = new HttpResponseMessage();
        if (headers.TryGetValue("Retry-After", out var retry))
        {
            message.Headers.TryAddWithoutValidation("Retry-After", retry);
        }

        return new Answer(status, mediaType, Encoding.UTF8.GetString(body), message.Headers);
    }

    private static byte[] Dechunk(byte[] raw)
    {
        var output = new MemoryStream();
        var position = 0;
        while (position < raw.Length)
        {
            var lineEnd = raw.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(raw, position, lineEnd).Split(';')[0], 16);
            position += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(raw, position, Math.Min(size, raw.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }
}
