using System.CommandLine;
using System.Globalization;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Integrity;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>dxevents replay BUNDLE --as-of T: the headquarters (or one plan's) status recomputed from the bundle alone,
/// after verifying it. Exit 0 done; 1 the bundle is broken; 2 unusable input.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var bundle = new Argument<FileInfo>("BUNDLE") { Description = "An export bundle (GET /api/{tenant}/audit/export)" };
        bundle.AcceptExistingOnly();
        var asOf = new Option<string>("--as-of") { Description = "What was known then: an ISO 8601 instant, or a date (the end of that day in Japan)", Required = true };
        var plan = new Option<string?>("--plan") { Description = "One plan's status (as GET /plans/{planId}/status); without it, the headquarters rollup" };
        var reportingDate = new Option<string?>("--reporting-date") { Description = "Which quarters count (yyyy-MM-dd); default: the as-of date in Japan" };
        var format = new Option<string>("--format") { Description = "table | json (the server's answer) | csv (one row per KPI)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("replay", "Recompute the headquarters or a plan's status as of an instant from a bundle alone")
        {
            bundle, asOf, plan, reportingDate, format,
        };
        command.SetAction(async (result, ct) =>
        {
            DateTimeOffset at;
            DateOnly? date;
            try
            {
                at = PlanReads.ParseInstant(result.GetValue(asOf)!, "as-of");
                date = result.GetValue(reportingDate) is { } d ? PlanReads.ParseDate(d, "reporting-date") : null;
            }
            catch (BadRequestException e)
            {
                AnsiConsole.MarkupLine("[red]" + Markup.Escape(string.Join("; ", e.Errors.Select(p => p.Text.En))) + "[/]");
                return 2;
            }
            return await RunAsync(new BundleFile(result.GetValue(bundle)!.FullName), at, date, result.GetValue(plan), result.GetValue(format)!, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(BundleFile bundle, DateTimeOffset asOf, DateOnly? date, string? plan, string format, CancellationToken ct)
    {
        // Messages go to stderr so that --format json|csv output can be redirected as is.
        var console = Console.IsOutputRedirected ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            if (await VerifyCommand.VerifyAsync(bundle, null, ct) is not var (_, verification))
                return 2;
            if (!verification.Ok)
                return 1;
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
        try
        {
            var replayed = await LongRun.RunAsync("replaying", bundle.Length, read => BundleReplay.RunAsync(bundle, asOf, date, plan, read, ct));
            ReplayOutput.Write(replayed, format);
            return 0;
        }
        catch (ReplayException e)
        {
            console.MarkupLine("[red]" + Markup.Escape(e.Message) + "[/]");
            return 2;
        }
    }
}
