using System.CommandLine;
using DxEvents.Api.Audit;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
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
        var report = new Option<string?>("--report") { Description = "A status report's digest (printed beside its head): recompute the report from the bundle up to --head and compare; needs --head, --plan and --reporting-date" };
        var plan = new Option<string?>("--plan") { Description = "With --report: the report's plan" };
        var reportingDate = new Option<string?>("--reporting-date") { Description = "With --report: the report's reporting date (yyyy-MM-dd)" };
        var asOf = new Option<string?>("--as-of") { Description = "With --report: the report's as-of instant, when it was read as of one" };
        var command = new Command("verify", "Verify an export bundle: the hash chain and its manifest; names the first broken line; with --report, a printed report's numbers")
        {
            bundle, head, report, plan, reportingDate, asOf,
        };
        command.SetAction(async (result, ct) =>
        {
            var file = new BundleFile(result.GetValue(bundle)!.FullName);
            if (result.GetValue(report) is null)
                return await RunAsync(file, result.GetValue(head), ct);
            ReportClaim claim;
            try
            {
                claim = VerifyEndpoints.ReadClaim(result.GetValue(plan), result.GetValue(reportingDate), result.GetValue(asOf), result.GetValue(head), result.GetValue(report));
            }
            catch (BadRequestException e)
            {
                AnsiConsole.MarkupLine("[red]" + Markup.Escape(string.Join("; ", e.Errors.Select(p => $"--{Option(p.Pointer)}: {p.Text.En}"))) + "[/]");
                return 2;
            }
            return await RunReportAsync(file, claim, ct);
        });
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
        SayPinned(verification);
        return verification.Ok && verification.Pinned?.Extends != false ? 0 : 1;
    }

    /// <summary>The bundle verified, then the report recomputed from its records up to the head, as the service's check does.</summary>
    private static async Task<int> RunReportAsync(BundleFile bundle, ReportClaim claim, CancellationToken ct)
    {
        if (await VerifyAsync(bundle, claim.Head, ct) is not var (_, verification))
            return 2;
        SayPinned(verification);
        if (!verification.Ok || verification.Pinned is not { Extends: true, Position: { } position })
            return 1;
        var report = await ReportDigest.ReplayAsync(bundle.ReadEventsAsync(0, null, ct), claim.PlanId, position, claim.AsOf, claim.ReportingDate, ct);
        if (report is null)
        {
            AnsiConsole.MarkupLine("[red]no such report[/]: " + Markup.Escape($"no plan '{claim.PlanId}' was recorded up to position {position}"));
            return 1;
        }
        var recomputed = ReportDigest.Of(report);
        if (recomputed == claim.Digest)
        {
            AnsiConsole.MarkupLine($"[green]report matches[/]: the history up to position {position} gives digest {recomputed}");
            return 0;
        }
        AnsiConsole.MarkupLine($"[red]report does NOT match[/]: the history up to position {position} gives digest {recomputed}, the report says {claim.Digest}");
        return 1;
    }

    private static void SayPinned(ChainVerification verification)
    {
        if (verification.Pinned is { } p)
            AnsiConsole.MarkupLine(p.Extends
                ? $"[green]intact ancestor[/]: {p.Hash} is position {p.Position} of this history"
                : $"[red]not an intact ancestor[/]: {p.Hash} is not in the verified part of this history");
    }

    /// <summary>The option a query field stands for: /reportingDate is --reporting-date, /digest is --report.</summary>
    private static string Option(string field) => field.TrimStart('/') switch
    {
        "digest" => "report",
        "reportingDate" => "reporting-date",
        "asOf" => "as-of",
        var other => other,
    };

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
