using System.CommandLine;
using DxEvents.Integrity;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>dxevents verify BUNDLE: the hash chain and the manifest, offline, trusting nothing but the bundle.
/// Exit 0 intact; 1 broken (or --head not an intact ancestor); 2 not a bundle.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var bundle = new Argument<FileInfo>("BUNDLE") { Description = "An export bundle (GET /api/{tenant}/audit/export)" };
        bundle.AcceptExistingOnly();
        var head = new Option<string?>("--head") { Description = "A chain hash kept from earlier (e.g. printed on a status report): is it an intact ancestor?" };
        var command = new Command("verify", "Verify an export bundle: the hash chain and its manifest; names the first broken line") { bundle, head };
        command.SetAction(async (result, ct) => await RunAsync(new BundleFile(result.GetValue(bundle)!.FullName), result.GetValue(head), ct));
        return command;
    }

    private static async Task<int> RunAsync(BundleFile bundle, string? head, CancellationToken ct)
    {
        byte[]? pinned = null;
        if (head is not null && (pinned = ChainEncoding.ParseHex(head)) is null)
        {
            AnsiConsole.MarkupLine("[red]--head must be a chain hash: 64 hexadecimal digits.[/]");
            return 2;
        }
        if (await VerifyAsync(bundle, pinned, ct) is not var (_, verification))
            return 2;
        if (verification.Pinned is { } p)
            AnsiConsole.MarkupLine(p.Extends
                ? $"[green]intact ancestor[/]: {p.Hash} is position {p.Position} of this history"
                : $"[red]not an intact ancestor[/]: {p.Hash} is not in the verified part of this history");
        return verification.Ok && verification.Pinned?.Extends != false ? 0 : 1;
    }

    /// <summary>Verifies and prints the verdict; null (after saying why) when the file is not a bundle.</summary>
    internal static async Task<(BundleManifest, ChainVerification)?> VerifyAsync(BundleFile bundle, byte[]? pinned, CancellationToken ct)
    {
        try
        {
            var (manifest, verification) = await LongRun.RunAsync("verifying", bundle.Length, read => bundle.VerifyAsync(pinned, read, ct));
            AnsiConsole.MarkupLine(Markup.Escape($"{manifest.Municipality}: {manifest.Count} events, head {manifest.Head.Position} {manifest.Head.Hash}, " +
                $"exported {ChainEncoding.RecordedAt(manifest.ExportedAt)}" + (manifest.Until is { } u ? $", until {ChainEncoding.RecordedAt(u)}" : "")));
            if (verification.Break is { } b)
                AnsiConsole.MarkupLine($"[red]BROKEN[/] at position {b.Position} ({Where(b)}): [bold]{b.Kind.ToString().ToLowerInvariant()}[/] — " +
                    Markup.Escape(b.Detail) + $"; intact up to position {verification.Count}");
            else
                AnsiConsole.MarkupLine($"[green]OK[/]: the chain holds for all {verification.Count} events, head {verification.Verified.Hash}");
            return (manifest, verification);
        }
        catch (BundleFormatException e)
        {
            AnsiConsole.MarkupLine("[red]not a bundle[/]: " + Markup.Escape(e.Message));
            return null;
        }
    }

    private static string Where(ChainBreak b) => b.Ordinal < 0 ? "the manifest, line 1" : $"line {BundleFile.LineOf(b)}";
}
