using System.Globalization;
using System.Text.Json;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// A JSON request body read field by field, so a wrong type is reported against the field that has it,
/// every problem at once. Bodies over 1 MiB are refused before parsing (413).
/// </summary>
public sealed class RequestBody
{
    public const int MaxBytes = 1024 * 1024;
    private readonly JsonElement _root;
    private readonly List<FieldProblem> _problems = [];

    private RequestBody(JsonElement root, byte[] raw) => (_root, Raw) = (root, raw);

    /// <summary>The bytes as received, for the idempotency fingerprint.</summary>
    public byte[] Raw { get; }
    public JsonElement Root => _root;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
            throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        var raw = buffer.ToArray();
        try
        {
            // RFC 8259 lets a parser ignore a UTF-8 BOM; editors such as Notepad save plan documents with one.
            var json = raw.AsMemory(raw.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
                throw new BadRequestException(400, "Malformed request", [new FieldProblem("", "The body must be a JSON object.")]);
            return new RequestBody(root, raw);
        }
        catch (JsonException e)
        {
            throw new BadRequestException(400, "Malformed JSON", [new FieldProblem("", $"The body is not valid JSON: {e.Message}")]);
        }
    }

    private static BadRequestException TooLarge() =>
        new(413, "Request body too large", [new FieldProblem("", $"The body is larger than {MaxBytes} bytes (1 MiB).")]);

    private JsonElement? Field(string name, bool required)
    {
        if (_root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            return value;
        if (required)
            _problems.Add(new FieldProblem("/" + name, $"'{name}' is required."));
        return null;
    }

    public string? String(string name, bool required = false)
    {
        if (Field(name, required) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        _problems.Add(new FieldProblem("/" + name, $"'{name}' must be a string."));
        return null;
    }

    public int? Int(string name, bool required = true)
    {
        if (Field(name, required) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            return number;
        _problems.Add(new FieldProblem("/" + name, $"'{name}' must be a whole number."));
        return null;
    }

    public long? Long(string name, bool required = true, string? pointer = null, JsonElement? from = null)
    {
        JsonElement? element = from is { } parent
            ? parent.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null
            : Field(name, required);
        pointer ??= "/" + name;
        if (element is not { } value)
        {
            if (from is not null && required)
                _problems.Add(new FieldProblem(pointer, $"'{name}' is required."));
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            return number;
        _problems.Add(new FieldProblem(pointer, $"'{name}' must be a whole number (千円)."));
        return null;
    }

    /// <summary>JSON cannot carry NaN or Infinity; a string or an out-of-range number is refused here.</summary>
    public decimal? Decimal(string name, bool required = true)
    {
        if (Field(name, required) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            return number;
        _problems.Add(new FieldProblem("/" + name, value.ValueKind == JsonValueKind.Number
            ? $"'{name}' is out of range."
            : $"'{name}' must be a number (NaN and Infinity are not numbers)."));
        return null;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        var text = String(name, required);
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        _problems.Add(new FieldProblem("/" + name, $"'{name}' must be a date written yyyy-MM-dd."));
        return null;
    }

    public IEnumerable<(JsonElement Item, string Pointer)> Array(string name)
    {
        if (Field(name, false) is not { } value)
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            _problems.Add(new FieldProblem("/" + name, $"'{name}' must be an array."));
            return [];
        }
        return value.EnumerateArray().Select((item, i) => (item, $"/{name}/{i}")).ToList();
    }

    public void Problem(string pointer, string detail) => _problems.Add(new FieldProblem(pointer, detail));

    /// <summary>Throws 400 with every problem found, if any.</summary>
    public void Validate()
    {
        if (_problems.Count > 0)
            throw new BadRequestException(400, "Invalid request", _problems);
    }
}
