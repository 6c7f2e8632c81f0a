using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>An API key in, a session cookie out (the key itself is never stored in the cookie or shown again); with a sign-in
/// provider configured, the way to the provider instead, and no key is asked for or taken.</summary>
public sealed class SignInModel(ApiKeys keys, TimeProvider clock, SignInMode mode) : PageModel
{
    public bool SingleSignOn => mode.SingleSignOn;

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await HttpContext.AuthenticateAsync(WebAuth.Scheme)).Succeeded)
            return LocalRedirect(Target);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SingleSignOn)
            return NotFound();
        var principal = string.IsNullOrWhiteSpace(Key) ? null : await WebAuth.PrincipalForKeyAsync(keys, Key, ct);
        if (principal is null)
        {
            Error = string.IsNullOrWhiteSpace(Key) ? "APIキーを入力してください。" : "このAPIキーではサインインできません。キーが正しいか、失効していないかを確認してください。";
            Key = null;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(WebAuth.Scheme, principal, WebAuth.SessionProperties(clock.GetUtcNow()));
        return LocalRedirect(Target);
    }

    /// <summary>Only a path on this site, so the sign-in page cannot be used to send someone elsewhere.</summary>
    public string Target => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";
}
