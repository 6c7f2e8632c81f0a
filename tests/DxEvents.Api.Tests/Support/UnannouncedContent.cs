using System.Net;
using System.Text;

namespace DxEvents.Api.Tests.Support;

/// <summary>A body sent without Content-Length, so the server cannot refuse it before reading.</summary>
public sealed class UnannouncedContent(string text) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
