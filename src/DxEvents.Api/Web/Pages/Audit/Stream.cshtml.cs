using DxEvents.Api.Audit;

namespace DxEvents.Api.Web.Pages.Audit;

/// <summary>One stream's full history in version order, corrections linked to the figures they correct.</summary>
public sealed class StreamModel(WebReads reads) : WebPage
{
    public string Id { get; private set; } = "";
    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public async Task OnGetAsync(string? id, CancellationToken ct)
    {
        Id = id?.Trim() ?? "";
        Events = Id.Length == 0 ? [] : await reads.StreamAsync(Tenant, Id, ct);
        if (Events.Count == 0)
            Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
