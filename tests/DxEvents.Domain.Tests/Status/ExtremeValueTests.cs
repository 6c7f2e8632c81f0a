using DxEvents.Domain.Kpis;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

public sealed class ExtremeValueTests
{
    [Fact]
    public void A_target_a_hair_from_its_baseline_clamps_progress_instead_of_failing_the_report()
    {
        // (v − b) / (t − b) = (10^15 − 0) / 10^-28 overflows decimal; far past the target is simply achieved.
        var report = Report(D(2025, 10, 15), Started(), Kpi("k1", KpiKind.Level, 0.0000000000000000000000000001m, 2025,
            baseline: new KpiBaseline(0m, 2022)), Figure("k1", 2025, 1, 1_000_000_000_000_000m));

        Assert.Equal(ProgressStatus.Achieved, report.Line().Status);
        Assert.Equal(1_000_000m, report.Line().Progress);
    }
}
