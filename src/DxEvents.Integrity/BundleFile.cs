using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DxEvents.Integrity;

/// <summary>A line that is not what a bundle holds there. Line counts from 1 (the manifest).</summary>
public sealed class BundleFormatException(long line, string message, Exception? inner = null)
    : Exception($"line {line}: {message}", inner)
{
    public long Line { get; } = line;
}

/// <summary>A bundle on disk, read one line at a time: verification and replay hold one event in memory.</summary>
public sealed class BundleFile(string path)
{
    public string Path => path;

    public long Length => new FileInfo(path).Length;

    public async Task<BundleManifest> ReadManifestAsync(CancellationToken ct = default)
    {
        using var reader = Open(path);
        var line = await ReadLineAsync(reader, 1, ct) ?? throw new BundleFormatException(1, "the bundle is empty");
        try
        {
            var manifest = Bundle.ParseManifest(line);
            if (manifest.Format != Bundle.Format)
                throw new BundleFormatException(1, $"format '{manifest.Format}' is not {Bundle.Format}");
            if (manifest.Encoding != ChainEncoding.Tag)
                throw new BundleFormatException(1, $"encoding '{manifest.Encoding}' is not {ChainEncoding.Tag}");
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BundleFormatException(1, "not a bundle manifest: " + e.Message, e);
        }
    }

    /// <summary>The event lines after skipping <paramref name="skip"/> of them. <paramref name="read"/> hears the bytes read so far.</summary>
    public async IAsyncEnumerable<ChainRecord> ReadEventsAsync(long skip = 0, Action<long>? read = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = Open(path);
        await ReadLineAsync(reader, 1, ct);
        long line = 1;
        while (await ReadLineAsync(reader, line + 1, ct) is { } text)
        {
            line++;
            if (line - 2 < skip)
                continue;
            read?.Invoke(reader.BaseStream.Position);
            if (text.Length == 0)
                throw new BundleFormatException(line, "empty line");
            ChainRecord record;
            try
            {
                record = Bundle.ParseEvent(text);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new BundleFormatException(line, "not a bundle event: " + e.Message, e);
            }
            yield return record;
        }
    }

    /// <summary>The chain against the manifest's head and count; <paramref name="pinned"/> as for the database.</summary>
    public async Task<(BundleManifest Manifest, ChainVerification Verification)> VerifyAsync(
        byte[]? pinned = null, Action<long>? read = null, CancellationToken ct = default)
    {
        var manifest = await ReadManifestAsync(ct);
        var verification = await ChainVerifier.VerifyAsync(manifest.Municipality, manifest.Head,
            (skip, c) => ReadEventsAsync(skip, skip == 0 ? read : null, c), ordered: false, pinned, ct);
        if (verification.Ok && manifest.Count != manifest.Head.Position)
            verification = verification with
            {
                Break = new ChainBreak(manifest.Head.Position, ChainBreakKind.Altered,
                    $"the manifest counts {manifest.Count} events but its head is at position {manifest.Head.Position}", -1, null),
            };
        return (manifest, verification);
    }

    /// <summary>Where a break was noticed, as a person finds it in the file.</summary>
    public static long LineOf(ChainBreak broken) => broken.Ordinal + 2;

    private static async Task<string?> ReadLineAsync(StreamReader reader, long line, CancellationToken ct)
    {
        try
        {
            return await reader.ReadLineAsync(ct);
        }
        catch (DecoderFallbackException e)
        {
            throw new BundleFormatException(line, "not UTF-8", e);
        }
    }

    private static StreamReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), new UTF8Encoding(false, true));
}
