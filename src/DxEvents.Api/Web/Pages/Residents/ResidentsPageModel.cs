using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Residents;

/// <summary>
/// What every page for residents has: no session (the municipality comes from the URL, which is why these pages, and only
/// they, read one), and nothing at all unless the municipality's office has published the page; an unknown municipality and
/// an unpublished page answer the same 404, so a reader cannot tell which municipalities use DxEvents. They show the
/// figures and their status, never who recorded them.
/// </summary>
public abstract class ResidentsPageModel(ResidentsPage published) : PageModel
{
    [FromRoute(Name = "municipality")]
    public string Municipality { get; set; } = "";

    public string Home => $"/residents/{Municipality}";

    /// <summary>The page's own answer, or a 404 page when the municipality publishes none.</summary>
    protected async Task<IActionResult> IfPublishedAsync(Func<Task<IActionResult>> show, CancellationToken ct)
    {
        ViewData["Home"] = Home;
        if (await published.IsOpenAsync(Municipality, ct))
            return await show();
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    protected void Named(DxEvents.Domain.Plans.Municipality? municipality) => WebPage.ShowMunicipality(ViewData, municipality);
}
