using System.CommandLine;
using DxEvents.Api.Auth;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>dxevents keys create: the only way keys are made; the token is shown once and stored as a hash.</summary>
internal static class KeyCommands
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Municipality slug, e.g. mima", Required = true };
        var role = new Option<string>("--role") { Description = "recorder | office | auditor | headquarters", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string>("--name") { Description = "Who uses the key; recorded as the actor of every event", Required = true };
        var create = new Command("create", "Create an API key bound to a municipality, a role and a name") { tenant, role, name };
        create.SetAction(async (result, ct) =>
        {
            await Database.ApplySchemaAsync(Database.ConnectionString, ct);
            await using var store = Database.Open(Database.ConnectionString);
            var token = await new ApiKeys(store)
                .CreateAsync(result.GetValue(tenant)!, result.GetValue(role)!, result.GetValue(name)!, ct: ct);
            AnsiConsole.MarkupLine($"[green]Created[/] a {Markup.Escape(result.GetValue(role)!)} key for {Markup.Escape(result.GetValue(tenant)!)}. It is shown only now:");
            Console.WriteLine(token);
            return 0;
        });
        return new Command("keys", "API keys") { create };
    }
}
