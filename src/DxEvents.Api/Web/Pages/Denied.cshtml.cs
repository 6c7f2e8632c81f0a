using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>Where the session lands when its role may not open a page: 403, nothing of the page shown.</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
