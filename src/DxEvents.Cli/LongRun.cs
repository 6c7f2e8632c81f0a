using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>A progress bar on stderr for reads long enough to wonder about; stdout stays clean for the answer.</summary>
internal static class LongRun
{
    private const long Threshold = 4 << 20;

    public static async Task<T> RunAsync<T>(string label, long totalBytes, Func<Action<long>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || totalBytes < Threshold)
            return await work(_ => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: totalBytes);
                var result = await work(bytes => task.Value = bytes);
                task.Value = totalBytes;
                return result;
            });
    }
}
