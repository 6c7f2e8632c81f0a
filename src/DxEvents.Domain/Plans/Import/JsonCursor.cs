using System.Text.Json;
using System.Text.RegularExpressions;
using DxEvents.Domain.Input;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans.Import;

/// <summary>Errors and warnings collected while reading; reading goes on after an error so that
/// one answer lists every problem.</summary>
internal sealed class ProblemLog
{
    public List<ValidationProblem> Errors { get; } = [];

    public List<ValidationProblem> Warnings { get; } = [];

    public void Error(string pointer, Text message) => Errors.Add(new(pointer, message));

    public void Warn(string pointer, Text message) => Warnings.Add(new(pointer, message));
}

/// <summary>A JSON object and its pointer. Each reader returns null after logging the problem, so callers
/// read on; a wrong JSON type is reported for its own field rather than failing the document.</summary>
internal sealed partial record JsonCursor(JsonElement Element, string Pointer, ProblemLog Log)
{
    public string At(string name) => $"{Pointer}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    public bool Has(string name) => Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonCursor? Object(string name) => Present(name, required: true) is { } value ? AsObject(value, At(name)) : null;

    /// <summary>Each element that is an object; an absent optional array reads as empty.</summary>
    public IReadOnlyList<JsonCursor>? Objects(string name, bool required)
    {
        if (Present(name, required) is not { } value)
        {
            return required ? null : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Log.Error(At(name), new WrongShape(JsonShape.Array));
            return null;
        }

        var pointer = At(name);
        return value.EnumerateArray()
            .Select((item, index) => AsObject(item, $"{pointer}/{index}"))
            .OfType<JsonCursor>()
            .ToList();
    }

    public string? String(string name, bool required)
    {
        if (Present(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Log.Error(At(name), new WrongShape(JsonShape.String));
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Log.Error(At(name), new MustNotBeEmpty());
            return null;
        }

        // The same bounds as a command's free text: PostgreSQL cannot store NUL, and one refused append left thousands of
        // tombstone rows before this was checked here, ahead of the append.
        if (text.Length > Bounds.TextLength)
        {
            Log.Error(At(name), new TextTooLong(text.Length, Bounds.TextLength));
            return null;
        }

        if (Bounds.ForbiddenCharacter(text, multiLine: true) is { } c)
        {
            Log.Error(At(name), new ControlCharacter(Bounds.Name(c)));
            return null;
        }

        return text;
    }

    public string? Matching(string name, Regex pattern, string rule, bool required = true)
    {
        var text = String(name, required);
        if (text is not null && !pattern.IsMatch(text))
        {
            Log.Error(At(name), new MustMatch(rule));
            return null;
        }

        return text;
    }

    /// <summary>Ids are short lowercase slugs, safe inside stream ids and wherever else an id is quoted.</summary>
    public string? Id(string name = "id", bool required = true) => Matching(name, Input.Bounds.DocumentId(), "[a-z0-9-]{1,40}", required);

    public decimal? Number(string name, bool required)
    {
        if (Present(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Log.Error(At(name), new WrongShape(JsonShape.Number));
            return null;
        }

        if (!value.TryGetDecimal(out var number) || Bounds.Underflows(value.GetRawText(), number))
        {
            Log.Error(At(name), new WrongShape(JsonShape.FiniteNumber));
            return null;
        }

        if (Math.Abs(number) > Bounds.MaxFigure)
        {
            Log.Error(At(name), new NumberOutOfRange(name, -Bounds.MaxFigure, Bounds.MaxFigure));
            return null;
        }

        if (Bounds.Decimals(number) > Bounds.FigureDecimals)
        {
            Log.Error(At(name), new FigureTooPrecise(name, Bounds.FigureDecimals));
            return null;
        }

        return number;
    }

    public int? FiscalYear(string name, bool required = true)
    {
        var number = Number(name, required);
        if (number is null)
        {
            return null;
        }

        if (number != decimal.Truncate(number.Value) || !Bounds.IsFiscalYear((int)Math.Clamp(number.Value, int.MinValue, int.MaxValue)))
        {
            Log.Error(At(name), new NotAFiscalYear());
            return null;
        }

        return (int)number.Value;
    }

    /// <summary>An amount in 千円: a non-negative integer.</summary>
    public long? Amount(string name, bool required = true)
    {
        var number = Number(name, required);
        if (number is null)
        {
            return null;
        }

        if (number != decimal.Truncate(number.Value) || number > long.MaxValue)
        {
            Log.Error(At(name), new NotAnIntegerAmount());
            return null;
        }

        if (number < 0)
        {
            Log.Error(At(name), new NegativeAmount());
            return null;
        }

        if (number > Bounds.MaxAmount)
        {
            Log.Error(At(name), new AmountTooLarge((long)number.Value));
            return null;
        }

        return (long)number.Value;
    }

    public bool? Boolean(string name)
    {
        if (Present(name, required: false) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Log.Error(At(name), new WrongShape(JsonShape.Boolean));
            return null;
        }

        return value.GetBoolean();
    }

    private JsonElement? Present(string name, bool required)
    {
        if (Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required)
        {
            Log.Error(At(name), new ValueRequired());
        }

        return null;
    }

    private JsonCursor? AsObject(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Log.Error(pointer, new WrongShape(JsonShape.Object));
            return null;
        }

        return new JsonCursor(value, pointer, Log);
    }
}
