using System.Collections.Concurrent;
using Microsoft.AspNetCore.Html;
using QRCoder;

namespace DxEvents.Api.Web;

/// <summary>A QR code as inline SVG (QRCoder), for a printed report to carry its as-of instant and chain head.</summary>
public static class Qr
{
    private const int Kept = 256;
    private static readonly ConcurrentDictionary<string, IHtmlContent> Codes = new(StringComparer.Ordinal);

    /// <summary>QRCoder takes about 9 ms for the version-10 code a report needs, more than the rest of the page. The text
    /// names one state of one report (plan, as-of, chain head), which every reader of it asks for unchanged until the plan
    /// changes, so each code is kept by its text: the same text, the same code. At most <see cref="Kept"/> are kept.</summary>
    public static IHtmlContent Svg(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Codes.TryGetValue(text, out var kept))
            return kept;
        if (Codes.Count >= Kept)
            Codes.Clear();
        return Codes.GetOrAdd(text, Render);
    }

    private static HtmlString Render(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        // The XML declaration QRCoder writes is not allowed inside HTML.
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return new HtmlString(svg[start..].Replace("<svg", "<svg role=\"img\" aria-label=\"検証情報のQRコード\" class=\"qr\"", StringComparison.Ordinal));
    }
}
