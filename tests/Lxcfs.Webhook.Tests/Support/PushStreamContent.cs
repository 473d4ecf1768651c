using System.Net;

namespace Lxcfs.Webhook.Tests.Support;

/// <summary>A body sent chunked, with no Content-Length, so the server must count what arrives.</summary>
public sealed class PushStreamContent : HttpContent
{
    private readonly byte[] _data;

    public PushStreamContent(byte[] data)
    {
        _data = data;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var chunk in _data.Chunk(4096))
        {
            await stream.WriteAsync(chunk);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
