using DxEvents.Domain.Kpis;
using DxEvents.Domain.Reports;
using static DxEvents.Domain.Tests.Reports.Timeline;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Reports;

public class FigureLinksTests
{
    [Fact]
    public void A_correction_names_the_figure_and_the_value_it_replaces_and_the_figure_lists_its_corrections()
    {
        var t = new Timeline();
        var q1 = t.Add(Jst(2024, 7, 1), Figure("k1", 2024, 1, 30m));
        var q2 = t.Add(Jst(2024, 10, 1), Figure("k1", 2024, 2, 35m));
        var first = t.Add(Jst(2024, 10, 2), new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 1, 31m, 30m, "集計誤り"));
        var second = t.Add(Jst(2024, 10, 3), new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 1, 32m, 31m, "再集計"));

        var links = FigureLinks.Of(t.Envelopes);

        Assert.Equal([first, second], links[q1].CorrectedBy);
        Assert.Empty(links[q2].CorrectedBy);
        Assert.Equal((q1, q1), (links[first].Corrects, links[first].Replaces));
        Assert.Equal((q1, first), (links[second].Corrects, links[second].Replaces));
        Assert.Equal(4, links.Count);
    }
}
