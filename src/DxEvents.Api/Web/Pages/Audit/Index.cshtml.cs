using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Audit;

/// <summary>The event log with the API's filters (AuditQuery): stream and those below it, type, actor, period; paged by sequence.</summary>
public sealed class IndexModel(WebReads reads) : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Stream { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public long After { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];
    public AuditPage? Result { get; private set; }
    public string? Error { get; private set; }
    public const int PageSize = 50;

    public static IReadOnlyList<string> Types { get; } = [.. EventCatalog.EventTypeNames.Order(StringComparer.Ordinal)];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = reads.Today;
        EventFilter filter;
        try
        {
            filter = AuditQuery.Filter(Stream?.Trim(), Type is { Length: > 0 } t ? [t] : null, Actor?.Trim(), Blank(From), Blank(To));
        }
        catch (BadRequestException e)
        {
            Error = e.Errors.Any(p => p.Pointer == "/to") ? "「期間の終わり」は「期間の始め」より後の日付にしてください。" : "検索条件を確認してください。";
            return;
        }
        (Events, Result) = await reads.AuditPageAsync(Tenant, filter, After < 0 ? 0 : After, PageSize, ct);
    }

    /// <summary>The same filter as a workbook for an audit meeting (A4).</summary>
    public string WorkbookHref => "/audit/history.xlsx?" + string.Join("&", new[] { ("stream", Stream), ("type", Type), ("actor", Actor), ("from", From), ("to", To) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));

    public string NextHref => "/audit?" + string.Join("&", new[] { ("stream", Stream), ("type", Type), ("actor", Actor), ("from", From), ("to", To) }
        .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
        .Append($"after={Result?.Next ?? 0}"));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
