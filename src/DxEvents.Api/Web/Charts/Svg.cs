using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Html;

namespace DxEvents.Api.Web.Charts;

/// <summary>SVG built as XML elements, so every text is escaped; rendered inline (no script, no image request).</summary>
internal static class Svg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    public static XAttribute A(string name, object value) => new(name, value is double d ? N(d) : value);

    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static XElement Text(double x, double y, string text, string? cssClass = null, string anchor = "middle") =>
        E("text", A("x", x), A("y", y), A("text-anchor", anchor), cssClass is null ? null : A("class", cssClass), text);

    public static XElement Line(double x1, double y1, double x2, double y2, string cssClass) =>
        E("line", A("x1", x1), A("y1", y1), A("x2", x2), A("y2", y2), A("class", cssClass));

    /// <summary>An image with a name for assistive technology; the numbers are in the table beside every chart.</summary>
    public static IHtmlContent Render(double width, double height, string label, string cssClass, IEnumerable<XElement> parts)
    {
        var root = E("svg", A("viewBox", $"0 0 {N(width)} {N(height)}"), A("role", "img"), A("aria-label", label), A("class", cssClass),
            A("focusable", "false"), E("title", label), parts);
        return new HtmlString(root.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>A tick step of 1, 2, 2.5 or 5 × 10ⁿ giving at most four intervals, and the scale's maximum: the first tick at
    /// or above the value (people read 0, 100, 200, 300 more easily than 0, 62.5, 125).</summary>
    public static (double Max, double Step) Scale(double value)
    {
        if (value <= 0)
            return (1, 0.25);
        var raw = value / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        return (Math.Ceiling(value / step) * step, step);
    }
}
