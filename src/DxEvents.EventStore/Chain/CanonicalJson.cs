using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DxEvents.EventStore.Chain;

/// <summary>
/// The one JSON spelling the hash chain covers, so that a verifier in any language can rebuild it:
/// object members sorted by the UTF-8 bytes of their keys (= Unicode code point order, not UTF-16 order,
/// which differs above U+FFFF), no whitespace, numbers exactly as their token text, strings with only
/// '"', '\' and U+0000–U+001F escaped, everything else literal UTF-8.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static string Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json, Strict);
        return Canonicalize(document.RootElement);
    }

    public static string Canonicalize(JsonElement element)
    {
        var buffer = new StringBuilder();
        Write(buffer, element);
        return buffer.ToString();
    }

    private static void Write(StringBuilder output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (Key: p.Name, Bytes: Encoding.UTF8.GetBytes(p.Name), p.Value)).ToList();
                // Stable: a duplicated key (never in jsonb, possible in a hand-edited bundle) keeps its order and fails the hash.
                members.Sort((a, b) => a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
                output.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0) output.Append(',');
                    WriteString(output, members[i].Key);
                    output.Append(':');
                    Write(output, members[i].Value);
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) output.Append(',');
                    first = false;
                    Write(output, item);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            default:
                // Numbers, true, false, null: the token text itself, so 1.50 stays 1.50 and 1e2 stays 1e2.
                output.Append(element.GetRawText());
                break;
        }
    }

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static void WriteString(StringBuilder output, string value)
    {
        output.Append('"');
        var rest = value.AsSpan();
        while (rest.IndexOfAny(NeedsEscape) is var i and >= 0)
        {
            output.Append(rest[..i]);
            output.Append(rest[i] switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                var c => $"\\u{(int)c:x4}",
            });
            rest = rest[(i + 1)..];
        }
        output.Append(rest);
        output.Append('"');
    }
}
