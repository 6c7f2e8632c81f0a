using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>A person the identity provider signed in, without a grant in their municipality: who they are (the id the office
/// needs to grant them) and whom to ask (the municipality's office).</summary>
public sealed class NoAccessModel(PeopleAccess people) : PageModel
{
    public SingleSignOn.Refused? Person { get; private set; }
    public IReadOnlyList<PersonGrant> Office { get; private set; } = [];

    public async Task OnGetAsync(string? who, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Person = SingleSignOn.ReadRefusal(HttpContext.RequestServices, who);
        if (Person?.Tenant is { } tenant)
            Office = [.. (await people.ListAsync(tenant, ct)).Where(p => p.Role == Roles.Office)];
    }
}
