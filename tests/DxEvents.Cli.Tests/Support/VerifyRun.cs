using System.CommandLine;
using Spectre.Console;

namespace DxEvents.Cli.Tests.Support;

/// <summary>dxevents verify run in-process as a user runs it: its exit code and what it printed, without colours.</summary>
public static class VerifyRun
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        AnsiConsole.Console.Profile.Width = 400;
        try
        {
            var exit = await new RootCommand { VerifyCommand.Create() }.Parse(["verify", .. args]).InvokeAsync();
            return (exit, output.ToString());
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }
}
