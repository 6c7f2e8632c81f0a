using System.CommandLine;
using DxEvents.Cli;
using Spectre.Console;

// Piped to a file or a script, a table keeps one line per row instead of wrapping at Spectre's default of 80 columns.
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 400;

var root = new RootCommand("dxevents — DxEvents command line: API keys, migrations, projections, bundles, synthetic data");
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(KeyCommands.Access());
root.Subcommands.Add(DatabaseCommands.Migrate());
root.Subcommands.Add(DatabaseCommands.Db());
root.Subcommands.Add(ProjectionCommands.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(DxEvents.Cli.Seed.SeedCommand.Create());
root.Subcommands.Add(DxEvents.Cli.Seed.DemoCommand.Create());
return await root.Parse(args).InvokeAsync();
