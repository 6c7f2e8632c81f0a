using System.Globalization;
using System.Text;

namespace DxEvents.Domain.Reports.Csv;

/// <summary>
/// A CSV table as Japanese municipalities publish open data: one value per cell, RFC 4180 quoting (a cell with a comma,
/// a quote, CR or LF is quoted and its quotes doubled), CRLF after every record, and UTF-8 with a BOM so that Excel
/// opens Japanese text correctly. Cells are formatted here, once: numbers invariant without grouping or units,
/// dates yyyy-MM-dd, instants ISO 8601 in Japan time with their offset.
/// A text cell that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or CR) gets a single quote
/// in front (OWASP's rule against CSV injection): a reason or a title is typed by people, and an auditor opens the file
/// in Excel. Numbers are not text cells, so a negative figure stays a number.
/// </summary>
public sealed class CsvTable(IReadOnlyList<string> header)
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);
    private readonly List<string> _lines = [Line(header)];

    public IReadOnlyList<string> Header => header;

    public int Rows => _lines.Count - 1;

    public void Add(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != header.Count)
            throw new ArgumentException($"A row has {cells.Length} cells; the header has {header.Count}.", nameof(cells));
        _lines.Add(Line(cells.Select(Format)));
    }

    public override string ToString() => string.Concat(_lines.Select(l => l + "\r\n"));

    /// <summary>The file's bytes: the UTF-8 byte order mark, then the text.</summary>
    public byte[] ToUtf8WithBom() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ToString())];

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => Neutralised(s),
        decimal d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToOffset(JapanOffset).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A text cell as a spreadsheet will not run it: with a leading single quote when it begins like a formula.</summary>
    public static string Neutralised(string text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text ?? "";

    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Quote));
}
