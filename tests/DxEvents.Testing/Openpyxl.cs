using System.Diagnostics;
using System.Text.Json;

namespace DxEvents.Testing;

/// <summary>A workbook as openpyxl (Debian's python3-openpyxl, installed by ops/test) reads it: a reader independent of the
/// writer, so that "it opens in a spreadsheet" is checked by something else than the code that wrote it.</summary>
public sealed record ReadBook(JsonElement Json)
{
    public IReadOnlyList<string> Sheets => [.. Json.GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];

    public JsonElement Sheet(string name) => Json.GetProperty("sheets").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>A cell's value as text ("" when empty); numbers as openpyxl gives them.</summary>
    public string Cell(string sheet, string address) =>
        Sheet(sheet).GetProperty("cells").TryGetProperty(address, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "";

    /// <summary>Every cell's text of a sheet, joined, to look for a word anywhere.</summary>
    public string AllText(string sheet) => string.Join("\n", Sheet(sheet).GetProperty("cells").EnumerateObject().Select(c => c.Value.ToString()));
}

public static class Openpyxl
{
    private const string ReadScript = """
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": []}
for ws in book.worksheets:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                v = c.value
                cells[c.coordinate] = v if isinstance(v, (int, float, str)) else str(v)
    formats = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.number_format != "General":
                formats[c.coordinate] = c.number_format
    out["sheets"].append({
        "name": ws.title,
        "cells": cells,
        "formats": formats,
        "maxRow": ws.max_row,
        "paperSize": ws.page_setup.paperSize,
        "orientation": ws.page_setup.orientation,
        "fitToWidth": ws.page_setup.fitToWidth,
        "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "printTitleRows": ws.print_title_rows,
        "validations": [{"range": str(v.sqref), "type": v.type, "formula1": v.formula1} for v in ws.data_validations.dataValidation],
    })
print(json.dumps(out, ensure_ascii=False))
""";

    private const string FillScript = """
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
for sheet, address, value in json.loads(sys.argv[3]):
    book[sheet][address] = value
book.save(sys.argv[2])
""";

    public static async Task<ReadBook> ReadAsync(byte[] workbook)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dxevents-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, workbook);
        try
        {
            return new ReadBook(JsonDocument.Parse(await RunAsync(ReadScript, file)).RootElement.Clone());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The workbook with cells set by openpyxl, as a person's spreadsheet would save it (shared strings, its own styles).
    /// A value starting with "=" is written as a formula.</summary>
    public static async Task<byte[]> FillAsync(byte[] workbook, params (string Sheet, string Address, object? Value)[] cells)
    {
        var (source, target) = (Path.Combine(Path.GetTempPath(), $"dxevents-{Guid.NewGuid():N}.xlsx"), Path.Combine(Path.GetTempPath(), $"dxevents-{Guid.NewGuid():N}.xlsx"));
        await File.WriteAllBytesAsync(source, workbook);
        try
        {
            await RunAsync(FillScript, source, target, JsonSerializer.Serialize(cells.Select(c => new object?[] { c.Sheet, c.Address, c.Value })));
            return await File.ReadAllBytesAsync(target);
        }
        finally
        {
            File.Delete(source);
            File.Delete(target);
        }
    }

    private static async Task<string> RunAsync(string script, params string[] args)
    {
        var python = Environment.GetEnvironmentVariable("DXEVENTS_PYTHON") ?? "/usr/bin/python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"openpyxl failed ({process.ExitCode}): {await error} (ops/test installs python3-openpyxl)");
        return await output;
    }
}
