using System.CommandLine;
using DxEvents.Cli;

var root = new RootCommand("dxevents — DxEvents command line: API keys, migrations");
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(DatabaseCommands.Migrate());
return await root.Parse(args).InvokeAsync();
