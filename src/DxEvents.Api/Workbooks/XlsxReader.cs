using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DxEvents.Domain.Texts;
using Text = DxEvents.Domain.Texts.Text;

namespace DxEvents.Api.Workbooks;

/// <summary>A cell as read: its text (a number as the digits stored), whether it was a number, and whether it held a formula.</summary>
public sealed record XValue(string Text, bool IsNumber, bool IsFormula);

/// <summary>One sheet's non-empty cells by (row, column), 1-based.</summary>
public sealed class XGrid(string name, IReadOnlyDictionary<(int Row, int Column), XValue> cells)
{
    public string Name { get; } = name;
    public IReadOnlyDictionary<(int Row, int Column), XValue> Cells { get; } = cells;
    public int LastRow { get; } = cells.Count == 0 ? 0 : cells.Keys.Max(k => k.Row);

    public XValue? this[int row, int column] => Cells.GetValueOrDefault((row, column));

    public string At(int row, int column) => Address.In(Name, row, column);

    public bool RowEmpty(int row, int columns) => Enumerable.Range(1, columns).All(c => this[row, c] is null);
}

/// <summary>A problem with an uploaded workbook: the cell ("施策!C12"), the sheet, or "" for the file as a whole.</summary>
public sealed record WorkbookProblem(string Cell, Text Text);

/// <summary>Thrown when a workbook cannot be read at all (not a workbook, over a bound): nothing is appended.</summary>
public sealed class WorkbookRefused(IReadOnlyList<WorkbookProblem> problems) : Exception(problems.Count > 0 ? problems[0].Text.En : "Workbook refused")
{
    public IReadOnlyList<WorkbookProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads an uploaded .xlsx into cell grids, with every bound checked before the part it guards is parsed: the file size, then
/// the zip's entry count and each entry's uncompressed size, counted while inflating (a zip's declared sizes can lie), then
/// the rows of each sheet and the characters of each cell, read one element at a time (never a whole sheet in memory).
/// </summary>
public static class XlsxReader
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxEntries = 100;
    public const long MaxUncompressedBytes = 20 * 1024 * 1024;
    public const int MaxRows = 2_000;
    public const int MaxColumns = 50;
    public const int MaxCellChars = 2_000;

    public static IReadOnlyDictionary<string, XGrid> Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
            throw Refused("", new NotAWorkbook());
        if (file.Length > MaxFileBytes)
            throw Refused("", new WorkbookTooLarge(MaxFileBytes / 1024 / 1024));
        var unpacked = Unpack(file);
        try
        {
            using var document = SpreadsheetDocument.Open(unpacked, false);
            var workbook = document.WorkbookPart ?? throw Refused("", new NotAWorkbook());
            var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var shared = SharedStrings(workbook);
            var grids = new Dictionary<string, XGrid>(StringComparer.Ordinal);
            foreach (var sheet in sheets)
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part || sheet.Name?.Value is not { } name)
                    continue;
                grids[name] = ReadSheet(name, part, shared);
            }
            return grids;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException or KeyNotFoundException or ArgumentException)
        {
            throw Refused("", new NotAWorkbook());
        }
    }

    /// <summary>The zip checked entry by entry and copied inflated into a fresh package, so that the SDK parses only what was
    /// counted here.</summary>
    private static MemoryStream Unpack(byte[] file)
    {
        var copy = new MemoryStream();
        try
        {
            using var source = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
            if (source.Entries.Count > MaxEntries)
                throw Refused("", new TooManyEntries(MaxEntries));
            if (!source.Entries.Any(e => e.FullName == "[Content_Types].xml"))
                throw Refused("", new NotAWorkbook());
            long total = 0;
            using (var target = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var entry in source.Entries)
                {
                    if (entry.Length > MaxUncompressedBytes || total + entry.Length > MaxUncompressedBytes)
                        throw Refused("", new UnpackedTooLarge(MaxUncompressedBytes / 1024 / 1024));
                    using var input = entry.Open();
                    using var output = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                    var chunk = new byte[81920];
                    for (int read; (read = input.Read(chunk, 0, chunk.Length)) > 0;)
                    {
                        total += read;
                        if (total > MaxUncompressedBytes)
                            throw Refused("", new UnpackedTooLarge(MaxUncompressedBytes / 1024 / 1024));
                        output.Write(chunk, 0, read);
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            throw Refused("", new NotAWorkbook());
        }
        copy.Position = 0;
        return copy;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
            return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                strings.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
        }
        return strings;
    }

    private static XGrid ReadSheet(string name, WorksheetPart part, List<string> shared)
    {
        var cells = new Dictionary<(int, int), XValue>();
        var rows = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                if (++rows > MaxRows)
                    throw Refused(name, new TooManyRows(name, MaxRows));
                var index = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                if (index is not null && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > MaxRows)
                    throw Refused(name, new TooManyRows(name, MaxRows));
            }
            if (reader.ElementType != typeof(Cell) || !reader.IsStartElement)
                continue;
            var cell = (Cell)reader.LoadCurrentElement()!;
            var (row, column) = Parse(cell.CellReference?.Value);
            if (row > MaxRows)
                throw Refused(name, new TooManyRows(name, MaxRows));
            if (row == 0 || column == 0 || column > MaxColumns)
                continue;
            var value = ValueOf(cell, shared);
            if (value is null)
                continue;
            if (value.Text.Length > MaxCellChars)
                throw Refused(Address.In(name, row, column), new CellTooLong(MaxCellChars));
            cells[(row, column)] = value;
        }
        return new XGrid(name, cells);
    }

    private static XValue? ValueOf(Cell cell, List<string> shared)
    {
        var formula = cell.CellFormula is not null;
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        string? text;
        if (type == CellValues.SharedString)
            text = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : null;
        else if (type == CellValues.InlineString)
            text = cell.InlineString?.InnerText;
        else
            text = raw;
        if (formula)
            return new XValue(text ?? "", false, true);
        if (string.IsNullOrEmpty(text))
            return null;
        var number = type is null || type == CellValues.Number;
        return new XValue(type == CellValues.Boolean ? (text == "1" ? "TRUE" : "FALSE") : text, number, false);
    }

    private static (int Row, int Column) Parse(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
            return (0, 0);
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetterUpper(reference[i]); i++)
            column = Math.Min(column * 26 + (reference[i] - 'A' + 1), 100_000);
        return int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (row, column) : (0, 0);
    }

    public static WorkbookRefused Refused(string cell, Text text) => new([new WorkbookProblem(cell, text)]);
}

public sealed record NotAWorkbook() : Text("workbook-unreadable",
    "Excel ブック（.xlsx）として読めないファイルです。Excel で「Excel ブック（*.xlsx）」として保存したファイルを選んでください。",
    "This file cannot be read as an Excel workbook (.xlsx). Save it as an Excel workbook (*.xlsx) and upload that.");

public sealed record WorkbookTooLarge(int Mebibytes) : Text("workbook-too-large",
    $"ファイルが大きすぎます（{Mebibytes} MiB まで）。",
    $"The file is too large (at most {Mebibytes} MiB).");

public sealed record TooManyEntries(int Max) : Text("workbook-too-many-parts",
    $"ブックの中の部品が多すぎます（{Max} 個まで）。不要なシートや画像を除いて保存し直してください。",
    $"The workbook has too many parts (at most {Max}). Remove unneeded sheets or pictures and save it again.");

public sealed record UnpackedTooLarge(long Mebibytes) : Text("workbook-unpacked-too-large",
    $"ブックを展開すると大きすぎます（展開後 {Mebibytes} MiB まで）。読み込みを中止しました。",
    $"The workbook is too large once unpacked (at most {Mebibytes} MiB). Reading was stopped.");

public sealed record TooManyRows(string Sheet, int Max) : Text("workbook-too-many-rows",
    $"シート「{Sheet}」の行が多すぎます（{Max:#,0} 行まで）。",
    $"The sheet '{Sheet}' has too many rows (at most {Max:#,0}).");

public sealed record CellTooLong(int Max) : Text("workbook-cell-too-long",
    $"セルの文字数が上限（{Max:#,0} 文字）を超えています。",
    $"The cell is longer than {Max:#,0} characters.");

public sealed record FormulaInCell() : Text("workbook-formula",
    "数式ではなく値を入力してください（数式の結果を使うときは「値の貼り付け」で値にしてください）。",
    "Enter a value, not a formula (paste the formula's result as a value).");

public sealed record SheetMissing(string Sheet) : Text("workbook-sheet-missing",
    $"シート「{Sheet}」がありません。ひな形のシート名を変えずに記入してください。",
    $"The sheet '{Sheet}' is missing. Keep the template's sheet names.");
