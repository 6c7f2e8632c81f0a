using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using Marten.Events;

namespace DxEvents.Web.Tests.Support;

/// <summary>
/// Mima's plan after two years, written through the API as the DX office would: measures started, quarterly figures
/// for FY2023–FY2024, then — after <see cref="Between"/> — FY2025's figures, a correction and a budget revision. Judged
/// at <see cref="ReportingDate"/> (FY2025 Q2 closed): LoGoチャット (k04) on track, AI議事録 (k05) off track, MIMACA (k08)
/// achieved, スマホ教室 (k12, a window sum) at risk, 消防団アプリ (k06) without recent figures, the rest not started — オープンデータ
/// (k07) with a figure recorded all the same (<see cref="K07Figure"/>).
/// </summary>
public sealed record MimaStory(DateTimeOffset Between, DateOnly ReportingDate)
{
    public const string Plan = "mima-dx";
    public const string Title = "美馬市DX推進計画";
    public const string Corrector = "demo office (mima)";
    public const string CorrectionReason = "出先機関の利用者を集計漏れ";
    public const string BudgetReason = "9月補正予算";
    public static readonly DateOnly Reporting = new(2025, 11, 20);

    /// <summary>k07 (データダウンロード数, measure m07, never started): FY2025 Q1's figure, recorded while m07 had not started.</summary>
    public const int K07Figure = 1234;

    /// <summary>k04's figures by quarter from FY2023 Q1: FY2024 Q2 (index 5) is corrected from 150 to 156.</summary>
    public static readonly decimal[] K04 = [40, 70, 95, 110, 130, 150, 160, 170, 185, 200];

    public static async Task<MimaStory> WriteAsync(string baseUrl, IDaemonStore daemon)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/api/mima/plans/mima-dx/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Startup.DemoToken("mima", Roles.Office));
        foreach (var m in new[] { "m04", "m05", "m06", "m08", "m12" })
            await PostAsync(http, $"measures/{m}/start", new { on = "2023-04-01", note = "事業開始" });

        var quarters = Enumerable.Range(0, 10).Select(i => (Year: 2023 + (i / 4), Quarter: (i % 4) + 1)).ToList();
        async Task Figures(string kpi, Func<int, decimal?> value, Func<int, bool> when)
        {
            for (var i = 0; i < quarters.Count; i++)
                if (when(i) && value(i) is { } v)
                    await PostAsync(http, $"kpis/{kpi}/measurements", new { fiscalYear = quarters[i].Year, quarter = quarters[i].Quarter, value = v });
        }
        bool Before(int i) => i < 8;
        bool After(int i) => i >= 8;

        await Figures("k04", i => K04[i], Before);
        await Figures("k05", i => 10 + (i * 8), Before);
        await Figures("k06", i => i < 3 ? 100 + (i * 50) : null, Before);
        await Figures("k08", i => 60 + (i * 35), Before);
        await Figures("k12", _ => 14, Before);
        await PostAsync(http, "kpis/k07/measurements", new { fiscalYear = 2025, quarter = 1, value = K07Figure });

        // The instant a meeting took its report: everything above is before it, everything below after.
        await Task.Delay(1100);
        var between = DateTimeOffset.UtcNow;
        between = new DateTimeOffset(between.Ticks - (between.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        await Task.Delay(1100);

        await Figures("k04", i => K04[i], After);
        await Figures("k05", i => 10 + (i * 8), After);
        await Figures("k08", i => 60 + (i * 35), After);
        await Figures("k12", _ => 15, After);
        await PostAsync(http, "kpis/k04/measurements/2024/2/corrections", new { value = 156, reason = CorrectionReason });
        await PostAsync(http, "measures/m04/budget/2025/revisions",
            new { total = 1200, generalFunds = 600, funding = new[] { new { source = "交付金", amount = 600 } }, reason = BudgetReason });
        await daemon.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return new MimaStory(between, Reporting);
    }

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The query a status page takes to be judged at the story's reporting date (optionally as known at Between).</summary>
    public string Query(bool asOfBetween = false) =>
        $"?reportingDate={ReportingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + (asOfBetween ? "&asOf=" + Uri.EscapeDataString(Between.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : "");
}
