namespace DxEvents.Api.Web.Pages;

/// <summary>本部: every plan of the municipality, counts by status, 事業費 per year, what needs attention, figures due.</summary>
public sealed class IndexModel(WebReads reads) : WebPage
{
    public HeadquartersPage Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ReadTime(reads.Today);
        Data = await reads.HeadquartersAsync(Tenant, Time, ct);
        Municipality(Data.Report.Municipality);
    }
}
