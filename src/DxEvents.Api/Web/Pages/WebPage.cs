using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>The picker's model: the times shown, today (the latest date it offers), and the page to reset to.</summary>
/// <param name="CurrentRules">Null: the page offers no comparison; else whether the report under today's rules is asked for.</param>
public sealed record AsOfForm(PageTime Time, DateOnly Today, IReadOnlyList<(string Name, string Value)> Keep, string ResetHref, bool? CurrentRules = null);

/// <summary>What every signed-in page has: its municipality (from the session, never from the URL) and its times.</summary>
public abstract class WebPage : PageModel
{
    public string Tenant => WebAuth.TenantOf(User);

    public PageTime Time { get; private set; } = PageTime.Now;

    public DateOnly Today { get; protected set; }

    protected void ReadTime(DateOnly today)
    {
        Today = today;
        Time = PageTime.Parse(Request.Query["asOf"], Request.Query["time"], Request.Query["reportingDate"]);
    }

    public AsOfForm AsOf(params (string Name, string Value)[] keep) => new(Time, Today, keep, Request.Path + KeepQuery(keep));

    protected void Municipality(DxEvents.Domain.Plans.Municipality? municipality) => ShowMunicipality(ViewData, municipality);

    /// <summary>The municipality the layout's header names (every page, signed in or the residents').</summary>
    public static void ShowMunicipality(Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary viewData, DxEvents.Domain.Plans.Municipality? municipality)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        if (municipality is not null)
            viewData["Municipality"] = $"{municipality.Prefecture}{municipality.Name}";
    }

    private static string KeepQuery((string Name, string Value)[] keep) =>
        keep.Length == 0 ? "" : "?" + string.Join("&", keep.Select(k => $"{k.Name}={Uri.EscapeDataString(k.Value)}"));
}

/// <summary>The times a report was made at, and the chain head it pins; for an ended plan, the note of its final evaluation.</summary>
public sealed record ReportTime(PageTime Time, DateOnly ReportingDate, DxEvents.Domain.Status.QuarterRef LastClosed, DxEvents.Api.Integrity.ChainPin Chain,
    DxEvents.Domain.Status.PlanStatusReport? Report = null);
