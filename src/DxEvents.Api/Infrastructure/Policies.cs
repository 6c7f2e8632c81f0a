using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Authorization;

namespace DxEvents.Api.Infrastructure;

/// <summary>The role matrix of API.md, one policy per kind of right.</summary>
public static class Policies
{
    public const string Office = "office";
    public const string Record = "record";
    public const string Read = "read";
    public const string Audit = "audit";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Office, p => p.RequireRole(Roles.Office));
        options.AddPolicy(Record, p => p.RequireRole(Roles.Recorder, Roles.Office));
        options.AddPolicy(Read, p => p.RequireRole(Roles.Recorder, Roles.Office, Roles.Auditor, Roles.Headquarters));
        options.AddPolicy(Audit, p => p.RequireRole(Roles.Auditor, Roles.Office));
    }
}
