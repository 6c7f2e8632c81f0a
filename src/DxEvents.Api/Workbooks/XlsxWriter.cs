using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DxEvents.Api.Workbooks;

/// <summary>How a cell looks; the index is the cell format's position in <see cref="XlsxWriter"/>'s stylesheet.</summary>
public enum CellStyle : uint
{
    Plain = 0,
    Header = 1,
    Amount = 2,
    Number = 3,
    Wrap = 4,
    Title = 5,
    Input = 6,
    Text = 7,
    InputText = 8,
}

/// <summary>One cell to write: text or a number (kept with the digits it was given), and its style.</summary>
public sealed record XCell(string? Text, decimal? Number, CellStyle Style)
{
    public static XCell Of(string? text, CellStyle style = CellStyle.Plain) => new(text, null, style);

    public static XCell Of(decimal? number, CellStyle style = CellStyle.Number) => new(null, number, style);

    public static XCell Of(long? number, CellStyle style = CellStyle.Amount) => new(null, number, style);

    public static XCell Of(int? number, CellStyle style = CellStyle.Plain) => new(null, number, style);

    public static readonly XCell Empty = new(null, null, CellStyle.Plain);
}

/// <summary>A list the spreadsheet offers for a column's cells (kinds, quarters), or a whole-number range (fiscal years).</summary>
public sealed record XValidation(string Range, IReadOnlyList<string>? List = null, int? Min = null, int? Max = null, string? Prompt = null);

/// <summary>A sheet to write. Landscape and FitToWidth make it print on A4; PrintTitleRows repeat on every printed page.</summary>
public sealed class XSheet(string name)
{
    public string Name { get; } = name;
    public List<IReadOnlyList<XCell>> Rows { get; } = [];
    public List<double> Widths { get; } = [];
    public List<XValidation> Validations { get; } = [];
    public int FrozenRows { get; set; }
    public bool Landscape { get; set; } = true;
    public bool FitToWidth { get; set; } = true;
    public (int From, int To)? PrintTitleRows { get; set; }
    public string? Footer { get; set; }

    public XSheet Row(params XCell[] cells)
    {
        Rows.Add(cells);
        return this;
    }

    public XSheet Header(params string[] titles) => Row([.. titles.Select(t => XCell.Of(t, CellStyle.Header))]);
}

/// <summary>
/// Writes .xlsx files with the Open XML SDK (DocumentFormat.OpenXml). Chosen over ClosedXML (the served 0.95.4 is years old)
/// and MiniExcel (fast, but it writes plain tables: no input lists, number formats per cell or A4 page setup): the SDK is
/// Microsoft's own, maintained, writes every part the meeting's print layout and the template's input rules need, and
/// reads cells one at a time, which the hostile-file bounds rely on. Its API is low level; this writer keeps it to one place.
/// </summary>
public static class XlsxWriter
{
    public static byte[] Write(IReadOnlyList<XSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheet.Name });
                if (sheet.PrintTitleRows is { } titles)
                    names.Append(new DefinedName($"'{sheet.Name}'!${titles.From}:${titles.To}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
            if (names.HasChildren)
                workbookPart.Workbook.Append(names);
            workbookPart.Workbook.Save();
        }
        return buffer.ToArray();
    }

    private static Worksheet Worksheet(XSheet sheet)
    {
        var worksheet = new Worksheet();
        var view = new SheetView { WorkbookViewId = 0 };
        if (sheet.FrozenRows > 0)
            view.Append(new Pane { VerticalSplit = sheet.FrozenRows, TopLeftCell = $"A{sheet.FrozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        worksheet.Append(new SheetViews(view));
        if (sheet.FitToWidth)
            worksheet.InsertAt(new SheetProperties(new PageSetupProperties { FitToPage = true }), 0);
        if (sheet.Widths.Count > 0)
            worksheet.Append(new Columns(sheet.Widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })));
        var data = new SheetData();
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            var cells = sheet.Rows[r];
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = cells[c];
                if (cell.Text is null && cell.Number is null && cell.Style == CellStyle.Plain)
                    continue;
                var x = new Cell { CellReference = Address.Of(r + 1, c + 1), StyleIndex = (uint)cell.Style };
                if (cell.Number is { } number)
                    x.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
                else if (cell.Text is { } text)
                {
                    x.DataType = CellValues.InlineString;
                    x.InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve });
                }
                row.Append(x);
            }
            data.Append(row);
        }
        worksheet.Append(data);
        if (sheet.Validations.Count > 0)
            worksheet.Append(new DataValidations(sheet.Validations.Select(Validation)) { Count = (uint)sheet.Validations.Count });
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        // paperSize 9 is A4 in SpreadsheetML's numbering.
        worksheet.Append(new PageSetup
        {
            PaperSize = 9,
            Orientation = sheet.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
            FitToWidth = 1,
            FitToHeight = 0,
        });
        worksheet.Append(new HeaderFooter(new OddFooter(sheet.Footer ?? "&L&A&R&P / &N")));
        return worksheet;
    }

    private static DataValidation Validation(XValidation v)
    {
        var validation = new DataValidation
        {
            SequenceOfReferences = new ListValue<StringValue> { InnerText = v.Range },
            AllowBlank = true,
            ShowErrorMessage = true,
            ShowInputMessage = v.Prompt is not null,
            Prompt = v.Prompt,
        };
        if (v.List is { } list)
        {
            validation.Type = DataValidationValues.List;
            validation.Append(new Formula1($"\"{string.Join(',', list)}\""));
        }
        else
        {
            validation.Type = DataValidationValues.Whole;
            validation.Operator = DataValidationOperatorValues.Between;
            validation.Append(new Formula1((v.Min ?? 0).ToString(CultureInfo.InvariantCulture)), new Formula2((v.Max ?? int.MaxValue).ToString(CultureInfo.InvariantCulture)));
        }
        return validation;
    }

    /// <summary>The formats in <see cref="CellStyle"/>'s order. Amounts are 千円 with thousands separators (#,##0);
    /// input cells are pale yellow so that a department sees where to write.</summary>
    private static Stylesheet Stylesheet()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Noto Sans CJK JP" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Noto Sans CJK JP" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Noto Sans CJK JP" }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E2F3" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF2CC" }) { PatternType = PatternValues.Solid }));
        var borders = new Borders(
            new Border(),
            new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()));
        var formats = new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0" }) { Count = 1 };
        CellFormat Format(uint font, uint fill, uint border, uint numberFormat, bool wrap) => new(
            new Alignment { WrapText = wrap, Vertical = VerticalAlignmentValues.Top })
        {
            FontId = font,
            FillId = fill,
            BorderId = border,
            NumberFormatId = numberFormat,
            ApplyFont = true,
            ApplyFill = fill > 0,
            ApplyBorder = border > 0,
            ApplyNumberFormat = numberFormat > 0,
            ApplyAlignment = true,
        };
        var cellFormats = new CellFormats(
            Format(0, 0, 0, 0, false),
            Format(1, 2, 1, 0, true),
            Format(0, 0, 1, 164, false),
            Format(0, 0, 1, 0, false),
            Format(0, 0, 1, 0, true),
            Format(2, 0, 0, 0, false),
            Format(0, 3, 1, 0, false),
            Format(0, 0, 1, 49, true),
            Format(0, 3, 1, 49, true));
        return new Stylesheet(formats, fonts, fills, borders, cellFormats);
    }
}

/// <summary>A1-style cell addresses.</summary>
public static class Address
{
    public static string Of(int row, int column) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    public static string Column(int column)
    {
        var name = "";
        for (var c = column; c > 0; c = (c - 1) / 26)
            name = (char)('A' + ((c - 1) % 26)) + name;
        return name;
    }

    /// <summary>"施策!C12": the sheet and the cell, as Excel names them.</summary>
    public static string In(string sheet, int row, int column) => $"{sheet}!{Of(row, column)}";
}
