using DxEvents.Api.Integrity;
using DxEvents.Integrity;

namespace DxEvents.Api.Web.Pages.Audit;

/// <summary>The chain's verification (ChainReads, as GET /audit/verify), an optional printed head to check, and the bundle download.</summary>
public sealed class VerifyModel(WebReads reads) : WebPage
{
    public ChainCheck? Check { get; private set; }
    public string? Head { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(string? head, CancellationToken ct)
    {
        Head = string.IsNullOrWhiteSpace(head) ? null : head.Trim();
        byte[]? pinned = null;
        if (Head is not null && (pinned = ChainEncoding.ParseHex(Head)) is null)
            Error = "チェーンの値は 64 文字の16進数です（印刷した報告書の QR コードや欄外に記載）。";
        Check = await reads.VerifyAsync(Tenant, pinned, ct);
    }

    public static string Kind(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.Altered => "内容が書き換えられています",
        ChainBreakKind.Missing => "記録が欠けています",
        ChainBreakKind.Reordered => "記録の順序が入れ替えられています",
        _ => "チェーンにない記録が挿入されています",
    };
}
