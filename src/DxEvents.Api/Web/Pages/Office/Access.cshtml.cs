using DxEvents.Api.Auth;
using DxEvents.Domain;
using DxEvents.Domain.Access;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>アクセス管理: the office grants and revokes roles to people and creates and revokes API keys. Each change is an
/// event in the municipality's access history; the token of a new key is shown in this answer only.</summary>
public sealed class AccessModel(PeopleAccess people, ApiKeys keys, ResidentsPage residents) : WebPage
{
    public IReadOnlyList<PersonGrant> People { get; private set; } = [];
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public IReadOnlyList<FormError> Errors { get; private set; } = [];
    /// <summary>Which form the errors belong to: "grant", "key" or "residents".</summary>
    public string? ErrorForm { get; private set; }
    public string? Notice { get; private set; }
    public string? NewToken { get; private set; }
    /// <summary>Whether the municipality's page for residents is published.</summary>
    public bool ResidentsPagePublished { get; private set; }

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? KeyName { get; set; }
    [BindProperty] public string? KeyRole { get; set; }
    [BindProperty] public string? KeyId { get; set; }

    public FormError? ErrorFor(string form, string field) => ErrorForm == form ? Errors.FirstOrDefault(e => e.Field == field) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public Task<IActionResult> OnPostGrantAsync(CancellationToken ct) => DoAsync("grant", async () =>
    {
        var granted = await people.GrantAsync(Tenant, Subject, DisplayName, Email, Role, HttpContext.Actor(), ct);
        (Subject, DisplayName, Email, Role) = (null, null, null, null);
        return $"{granted.DisplayName} さんに役割「{Ja.Role(granted.Role)}」を付与しました。";
    }, ct);

    public Task<IActionResult> OnPostRevokeAsync(CancellationToken ct) => DoAsync("people", async () =>
    {
        var revoked = await people.RevokeAsync(Tenant, Subject, HttpContext.Actor(), ct);
        Subject = null;
        return $"{revoked.DisplayName} さんのアクセスを取り消しました。サインイン中の画面も終了しました。";
    }, ct);

    public Task<IActionResult> OnPostCreateKeyAsync(CancellationToken ct) => DoAsync("key", async () =>
    {
        var created = AccessDecider.CreateKey("-", KeyName, KeyRole); // the rules first, so a refusal names its field
        NewToken = await keys.CreateAsync(Tenant, created.Role, created.Name, ct: ct, actor: HttpContext.Actor());
        (KeyName, KeyRole) = (null, null);
        return $"APIキー「{created.Name}」（{Ja.Role(created.Role)}）を作成しました。";
    }, ct);

    public Task<IActionResult> OnPostRevokeKeyAsync(CancellationToken ct) => DoAsync("keys", async () =>
    {
        await keys.RevokeAsync(Tenant, KeyId ?? "", HttpContext.Actor(), ct);
        return "APIキーを失効させました。このキーによる API の利用とサインイン中の画面は、ただちに使えなくなります。";
    }, ct);

    public Task<IActionResult> OnPostOpenResidentsPageAsync(CancellationToken ct) => DoAsync("residents", async () =>
    {
        await residents.OpenAsync(Tenant, HttpContext.Actor(), ct);
        return "住民向けページを公開しました。サインインしなくても、だれでも閲覧できます。";
    }, ct);

    public Task<IActionResult> OnPostCloseResidentsPageAsync(CancellationToken ct) => DoAsync("residents", async () =>
    {
        await residents.CloseAsync(Tenant, HttpContext.Actor(), ct);
        return "住民向けページの公開を終了しました。";
    }, ct);

    private async Task<IActionResult> DoAsync(string form, Func<Task<string>> change, CancellationToken ct)
    {
        try
        {
            Notice = await change();
        }
        catch (DomainException e)
        {
            (Errors, ErrorForm) = ([new FormError(e.Field, e.Error)], form);
            Response.StatusCode = e.Kind switch
            {
                DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
                DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
        }
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        People = await people.ListAsync(Tenant, ct);
        Keys = await keys.ListAsync(Tenant, ct);
        ResidentsPagePublished = await residents.IsOpenAsync(Tenant, ct);
        return Page();
    }
}
