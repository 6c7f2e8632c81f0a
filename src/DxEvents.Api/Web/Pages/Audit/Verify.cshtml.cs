using DxEvents.Api.Audit;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;

namespace DxEvents.Api.Web.Pages.Audit;

/// <summary>The chain's verification (ChainReads, as GET /audit/verify), an optional printed head to check, a printed
/// report's numbers to check (its QR code's text, as GET /audit/verify-report), and the bundle download.</summary>
public sealed class VerifyModel(WebReads reads, ReportVerifier reports) : WebPage
{
    public ChainCheck? Check { get; private set; }
    public string? Head { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The QR code's text as pasted (or scanned) by the auditor.</summary>
    public string? Report { get; private set; }
    public ReportVerification? ReportCheck { get; private set; }
    public IReadOnlyList<string> ReportErrors { get; private set; } = [];

    public async Task OnGetAsync(string? head, string? report, CancellationToken ct)
    {
        Head = string.IsNullOrWhiteSpace(head) ? null : head.Trim();
        byte[]? pinned = null;
        if (Head is not null && (pinned = ChainEncoding.ParseHex(Head)) is null)
            Error = "チェーンの値は 64 文字の16進数です（印刷した報告書の QR コードや欄外に記載）。";
        Check = await reads.VerifyAsync(Tenant, pinned, ct);
        Report = string.IsNullOrWhiteSpace(report) ? null : report.Trim();
        if (Report is null)
            return;
        if (Report.Length > MaxReportText)
        {
            ReportErrors = [$"QR コードの内容は {MaxReportText} 文字以内です。"];
            return;
        }
        try
        {
            ReportCheck = await reports.VerifyAsync(Tenant, ReadQr(Report), ct);
        }
        catch (BadRequestException e)
        {
            ReportErrors = [.. e.Errors.Select(x => x.Text.Ja)];
        }
    }

    /// <summary>A report's QR text is seven short lines; this leaves room for spaces and line ends.</summary>
    public const int MaxReportText = 1_000;

    /// <summary>The report's claim from its QR code's lines (key=value, as PlanModel.VerificationOf writes them); an as-of of
    /// "latest:…" is a report read without one.</summary>
    public static ReportClaim ReadQr(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var asOf = values.GetValueOrDefault("asOf");
        return VerifyEndpoints.ReadClaim(values.GetValueOrDefault("plan"), values.GetValueOrDefault("reportingDate"),
            asOf is null || asOf.StartsWith("latest:", StringComparison.Ordinal) ? null : asOf,
            values.GetValueOrDefault("head"), values.GetValueOrDefault("report"));
    }

    public static string Kind(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.Altered => "内容が書き換えられています",
        ChainBreakKind.Missing => "記録が欠けています",
        ChainBreakKind.Reordered => "記録の順序が入れ替えられています",
        _ => "チェーンにない記録が挿入されています",
    };
}
