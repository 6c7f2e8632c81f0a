using System.Text.Json;
using DxEvents.Api.Commands;
using DxEvents.Api.Plans;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>A problem in an uploaded document: its JSON pointer, the measure or pillar it lies in (id and title as
/// written), and what is wrong.</summary>
public sealed record DocumentProblem(string Pointer, string? Within, string Text);

/// <summary>
/// 計画の取り込み: a plan document (dxevents.plan/v1) uploaded as a file for the signed-in municipality, read as the API reads
/// its body (1 MiB at most, JSON with or without a BOM) and imported by the API's own ImportPlanEndpoint.Post, all or
/// nothing. Its errors come back with their JSON pointers; on success, the warnings (figures kept as printed).
/// </summary>
[RequestSizeLimit(RequestBodyRules.MaxBytes + FormOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestBodyRules.MaxBytes + FormOverhead)]
public sealed class ImportModel(PlanViews views, PageCommands commands, WebReads reads) : OfficeForm(views)
{
    /// <summary>Room for the form's other fields and the multipart boundaries, so that a file just over the limit is told
    /// so beside its field rather than refused as a whole request.</summary>
    private const int FormOverhead = 64 * 1024;

    public IReadOnlyList<DocumentProblem> Problems { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "plan")]
    public string? ImportedPlan { get; set; }

    public bool Exists => Errors.Any(e => e.Error is PlanExists);

    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(string submission, IFormFile? document, CancellationToken ct)
    {
        await ShowAsync(ct);
        Keep(submission, 0);
        ImportedPlan = null;
        if (document is not { Length: > 0 })
            return Refused([new FormError("document", new NoDocument())], default);
        if (document.Length > RequestBodyRules.MaxBytes)
            return Refused([new FormError("document", new BodyTooLarge(RequestBodyRules.MaxBytes))], default);
        using var bytes = new MemoryStream();
        await document.CopyToAsync(bytes, ct);
        if (RequestBodyRules.Parse(bytes.ToArray(), out var root) is { } malformed)
            return Refused([new FormError("document", malformed.Text)], default);

        string? planId = null;
        var result = await commands.StartAsync(HttpContext, Submission, async session =>
        {
            var answer = await ImportPlanEndpoint.Post(root, Tenant, session, ct);
            planId = answer.Shape.PlanId;
            return answer;
        }, ct);
        if (!result.Succeeded)
            return Refused(result.Errors, root);
        var done = Done(result, $"計画「{Title(root)}」を取り込みました（記録 {result.Events} 件）。",
            "/plans/import" + (planId is null ? "" : "?plan=" + Uri.EscapeDataString(planId)));
        WarningsWithin = [.. result.Warnings.Select(w => Within(root, Split(w).Pointer) ?? "")];
        return done;
    }

    /// <summary>Beside each warning, the measure or pillar it lies in (the document is gone after the redirect).</summary>
    [TempData]
    public string[]? WarningsWithin { get; set; }

    /// <summary>The title the plan has now (an import shown again after the redirect).</summary>
    public PlanLink? Imported { get; private set; }

    private IActionResult Refused(IReadOnlyList<FormError> errors, JsonElement root)
    {
        Problems = [.. errors.Select(e => new DocumentProblem(e.Field == "document" ? "" : e.Field, Within(root, e.Field), e.Error.Ja))];
        var page = Refused(errors);
        if (Exists)
            Response.StatusCode = StatusCodes.Status409Conflict;
        return page;
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        ReadTime(reads.Today);
        ViewData["Municipality"] = await reads.MunicipalityAsync(Tenant, ct);
        if (ImportedPlan is { } id && await PlanAsync(id, ct) is { } plan)
            Imported = new PlanLink(plan.PlanId, plan.Title);
    }

    private static string Title(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object
            && plan.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() ?? "" : "";

    /// <summary>"/measures/3/budget/0/total" lies in the measure at index 3: its id and title as the document writes them.</summary>
    private static string? Within(JsonElement root, string pointer)
    {
        var parts = pointer.Split('/');
        if (root.ValueKind != JsonValueKind.Object || parts.Length < 3 || parts[1] is not ("measures" or "pillars")
            || !root.TryGetProperty(parts[1], out var items) || items.ValueKind != JsonValueKind.Array
            || !int.TryParse(parts[2], out var index) || index >= items.GetArrayLength() || items[index].ValueKind != JsonValueKind.Object)
            return null;
        var item = items[index];
        string? Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return $"{(parts[1] == "measures" ? "施策" : "基本方針")} {Text("id") ?? $"{index + 1}番目"}　{Text("title")}".TrimEnd();
    }
}

public sealed record PlanLink(string PlanId, string Title);
