using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>What a browser is shown, in Japanese, when a page request ends in an error with nothing else to show: no such
/// page, a form whose antiforgery token is missing or stale, a failure. The status stays the error's.</summary>
// Re-execution keeps the failed request's method: a form post whose token was refused lands here as a post.
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        // An exception re-executes /error/500 with the status the handler chose (503 for the database, 400 for a query value).
        Code = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null && Response.StatusCode >= 400 ? Response.StatusCode : code;
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && HttpContext.Features.Get<IExceptionHandlerFeature>() is null)
            Response.StatusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
    }

    public void OnPost(int code) => OnGet(code);

    public string Heading => Code switch
    {
        400 => "要求を受け付けられませんでした",
        404 => "ページが見つかりません",
        405 => "この操作はできません",
        503 => "ただいま混み合っています",
        _ => "エラーが発生しました",
    };

    public string Explanation => HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is DxEvents.Api.Infrastructure.BadRequestException { Errors.Count: > 0 } bad
        ? bad.Errors[0].Text.Ja
        : Code switch
        {
            400 => "フォームの有効期限が切れたか、要求の内容が正しくありません。ページを読み込み直してから、もう一度操作してください。",
            404 => "アドレスが正しいか確認してください。",
            405 => "このページではその操作を受け付けていません。",
            503 => "データベースに接続できないか、記録の確定を待っています。少し待ってから、もう一度お試しください。",
            _ => $"処理を完了できませんでした（エラー {Code}）。少し待ってから、もう一度お試しください。続く場合は DX推進担当（事務局）に連絡してください。",
        };
}
