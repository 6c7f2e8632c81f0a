using System.Diagnostics;
using System.Text;

namespace DxEvents.Cli.Tests.Support;

/// <summary>What one run of the dxevents command line printed, and its exit code.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors)
{
    /// <summary>The rows of a table the command printed, each as its trimmed cells.</summary>
    public IReadOnlyList<string[]> Rows => [.. Output.Split('\n')
        .Where(l => l.StartsWith('│'))
        .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray())];
}

/// <summary>
/// The built dxevents program run as its own process, as an operator runs it: arguments parsed, DXEVENTS_DB read from the
/// environment, output written to a pipe. Invoking the command objects in the test process would share its console with
/// every test running beside it.
/// </summary>
public static class CliProcess
{
    public static async Task<CliRun> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dxevents.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DXEVENTS_DB"] = connectionString;
        start.Environment.Remove("DXEVENTS_DAEMON_DB");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dxevents did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await errors);
    }
}
