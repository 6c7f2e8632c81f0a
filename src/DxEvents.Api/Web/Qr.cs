using Microsoft.AspNetCore.Html;
using QRCoder;

namespace DxEvents.Api.Web;

/// <summary>A QR code as inline SVG (QRCoder), for a printed report to carry its as-of instant and chain head.</summary>
public static class Qr
{
    public static IHtmlContent Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        // The XML declaration QRCoder writes is not allowed inside HTML.
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return new HtmlString(svg[start..].Replace("<svg", "<svg role=\"img\" aria-label=\"検証情報のQRコード\" class=\"qr\"", StringComparison.Ordinal));
    }
}
