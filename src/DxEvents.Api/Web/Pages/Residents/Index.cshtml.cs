using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Residents;

/// <summary>住民向け: the municipality's plans and how far each has come, today.</summary>
public sealed class IndexModel(ResidentsPage published, WebReads reads) : ResidentsPageModel(published)
{
    public HeadquartersPage? Data { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => IfPublishedAsync(async () =>
    {
        Data = await reads.HeadquartersAsync(Municipality, PageTime.Now, ct);
        Named(Data.Report.Municipality);
        return Page();
    }, ct);
}
