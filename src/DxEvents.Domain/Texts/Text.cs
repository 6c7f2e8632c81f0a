using System.Text.Json;
using System.Text.Json.Serialization;

namespace DxEvents.Domain.Texts;

/// <summary>The languages DxEvents speaks to people: Japanese, the product's language and the default; English on request.</summary>
public enum Language
{
    Ja,
    En,
}

/// <summary>
/// A sentence for people: a stable code, its arguments (the derived record's parameters) and its wording in both languages,
/// side by side, one declaration per text. A typed catalog rather than .NET resources: the arguments are domain values whose printing is code (a quarter as
/// 西暦 with 和暦, a figure, a date in each language's style), the pure domain needs no localization services, and a code
/// without both wordings does not compile — a resource file falls back silently.
/// </summary>
/// <param name="Code">Kebab-case and stable: what a client may act on, whatever the language.</param>
/// <param name="Ja">The Japanese, the default.</param>
/// <param name="En">The English.</param>
public abstract record Text(string Code, string Ja, string En)
{
    public string In(Language language) => language == Language.En ? En : Ja;

    public sealed override string ToString() => Ja;
}

/// <summary>A <see cref="Text"/> in JSON is its wording in the language <paramref name="language"/> names when it is written
/// (the request's, for the service). Texts are for people: they are written, never read back.</summary>
public sealed class TextJsonConverter(Func<Language> language) : JsonConverter<Text>
{
    public override bool CanConvert(Type typeToConvert) => typeof(Text).IsAssignableFrom(typeToConvert);

    public override Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A text for people is written, never read back.");

    public override void Write(Utf8JsonWriter writer, Text value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.In(language()));
    }
}
