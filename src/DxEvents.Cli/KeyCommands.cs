using System.CommandLine;
using DxEvents.Api.Auth;
using DxEvents.Domain;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>
/// dxevents keys create|list|revoke and access grant|revoke|list: the operators' way to the access the office manages on the
/// アクセス管理 page. Every change is an event in the municipality's access history, with the operator as its actor
/// (--by, by default "cli:{the system user}"). A key's token is shown once and stored as a hash.
/// </summary>
internal static class KeyCommands
{
    private static Option<string> Tenant() => new("--tenant") { Description = "Municipality slug, e.g. mima", Required = true };

    private static Option<string> By() => new("--by")
    {
        Description = "Who makes the change (recorded as its actor)",
        DefaultValueFactory = _ => $"cli:{Environment.UserName}",
    };

    private static Option<string> Role()
    {
        var role = new Option<string>("--role") { Description = "recorder | office | auditor | headquarters", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        return role;
    }

    public static Command Create()
    {
        var (tenant, role, by) = (Tenant(), Role(), By());
        var name = new Option<string>("--name") { Description = "Who uses the key; recorded as the actor of every event", Required = true };
        var create = new Command("create", "Create an API key bound to a municipality, a role and a name") { tenant, role, name, by };
        create.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            var token = await new ApiKeys(store)
                .CreateAsync(result.GetValue(tenant)!, result.GetValue(role)!, result.GetValue(name)!, ct: ct, actor: result.GetValue(by)!);
            AnsiConsole.MarkupLine($"[green]Created[/] a {Markup.Escape(result.GetValue(role)!)} key for {Markup.Escape(result.GetValue(tenant)!)}. It is shown only now:");
            Console.WriteLine(token);
            return 0;
        });

        var listTenant = Tenant();
        var list = new Command("list", "List a municipality's keys: id, name, role, created, last used, revoked") { listTenant };
        list.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            var table = new Table().AddColumns("id", "name", "role", "created", "last used", "revoked");
            foreach (var k in await new ApiKeys(store).ListAsync(result.GetValue(listTenant)!, ct))
                table.AddRow(k.Id[..12], Markup.Escape(k.Name), k.Role, Instant(k.CreatedAt), Instant(k.LastUsedAt), Instant(k.RevokedAt));
            AnsiConsole.Write(table);
            return 0;
        });

        var (revokeTenant, revokeBy) = (Tenant(), By());
        var id = new Argument<string>("id") { Description = "The key's id as `keys list` shows it (its first 12 characters are enough)" };
        var revoke = new Command("revoke", "Revoke a key: refused from then on, its page sessions ended") { revokeTenant, id, revokeBy };
        revoke.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            var keys = new ApiKeys(store);
            var tenantId = result.GetValue(revokeTenant)!;
            var matches = (await keys.ListAsync(tenantId, ct)).Where(k => k.Id.StartsWith(result.GetValue(id)!, StringComparison.Ordinal)).ToList();
            if (matches.Count != 1)
            {
                AnsiConsole.MarkupLine(matches.Count == 0 ? "[red]No such key.[/]" : "[red]More than one key starts so; give more of the id.[/]");
                return 1;
            }
            return await Run(() => keys.RevokeAsync(tenantId, matches[0].Id, result.GetValue(revokeBy)!, ct), $"Revoked {matches[0].Name}.");
        });
        return new Command("keys", "API keys") { create, list, revoke };
    }

    public static Command Access()
    {
        var (tenant, role, by) = (Tenant(), Role(), By());
        var subject = new Option<string>("--subject") { Description = "The identity provider's stable id of the person (the token's sub)", Required = true };
        var name = new Option<string>("--name") { Description = "The person's display name", Required = true };
        var email = new Option<string?>("--email") { Description = "The person's e-mail address" };
        var grant = new Command("grant", "Grant a person a role in a municipality (replacing the role they had)") { tenant, subject, name, email, role, by };
        grant.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            return await Run(() => new PeopleAccess(store, TimeProvider.System).GrantAsync(result.GetValue(tenant)!, result.GetValue(subject),
                result.GetValue(name), result.GetValue(email), result.GetValue(role), result.GetValue(by)!, ct), "Granted.");
        });

        var (revokeTenant, revokeBy) = (Tenant(), By());
        var revokeSubject = new Option<string>("--subject") { Description = "The person's stable id", Required = true };
        var revoke = new Command("revoke", "Revoke a person's access: their sessions end at once") { revokeTenant, revokeSubject, revokeBy };
        revoke.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            return await Run(() => new PeopleAccess(store, TimeProvider.System).RevokeAsync(result.GetValue(revokeTenant)!, result.GetValue(revokeSubject),
                result.GetValue(revokeBy)!, ct), "Revoked.");
        });

        var listTenant = Tenant();
        var list = new Command("list", "List the people with access to a municipality") { listTenant };
        list.SetAction(async (result, ct) =>
        {
            await using var store = await OpenAsync(ct);
            var table = new Table().AddColumns("subject", "name", "e-mail", "role", "granted", "by");
            foreach (var p in await new PeopleAccess(store, TimeProvider.System).ListAsync(result.GetValue(listTenant)!, ct))
                table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.DisplayName), Markup.Escape(p.Email ?? ""), p.Role, Instant(p.GrantedAt), Markup.Escape(p.GrantedBy));
            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("access", "People's access to a municipality (single sign-on)") { grant, revoke, list };
    }

    /// <summary>The service's store, its schema brought up to date first (as its owner when DXEVENTS_OWNER_DB is set).</summary>
    private static async Task<Marten.DocumentStore> OpenAsync(CancellationToken ct)
    {
        await Database.ApplySchemaAsync(Database.ConnectionString, ct);
        return Database.Open(Database.ConnectionString);
    }

    private static async Task<int> Run(Func<Task> change, string done)
    {
        try
        {
            await change();
            AnsiConsole.MarkupLine($"[green]{Markup.Escape(done)}[/]");
            return 0;
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Error.En)}[/]");
            return 1;
        }
    }

    private static string Instant(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "";
}
