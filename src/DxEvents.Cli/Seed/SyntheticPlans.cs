using System.Globalization;
using System.Text.Json.Nodes;

namespace DxEvents.Cli.Seed;

/// <summary>
/// A plan document (dxevents.plan/v1) for a synthetic municipality, shaped like one of the published plans chosen at
/// random — its number of pillars, measures and schedule items give or take a few — with Mima's KPIs and budget lines as
/// the model for how measures carry them (the only published plan that prints both for every measure). Titles, KPI names
/// and schedule steps are the published ones, each with <see cref="SyntheticNation.Marker"/> in front.
/// </summary>
internal sealed class SyntheticPlans(RealPlans real)
{
    /// <summary>The last fiscal year with figures: FY2025 (令和7年度), closed on 2026-03-31.</summary>
    public const int LastFiscalYear = 2025;

    private static readonly string[] Departments =
        ["総務課", "企画政策課", "情報政策課", "市民課", "税務課", "健康福祉課", "子育て支援課", "商工観光課", "農林振興課", "教育総務課", "危機管理課", "DX推進室"];

    public static int FirstFiscalYear(int years) => LastFiscalYear - years + 1;

    public JsonObject Document(SyntheticMunicipality municipality, int years, Random random)
    {
        var template = real.Plans[random.Next(real.Plans.Count)];
        var templateMeasures = RealPlans.Items(template, "measures").ToList();
        var (from, to) = (FirstFiscalYear(years), LastFiscalYear + (random.NextDouble() < 0.3 ? 1 : 0));
        // How big the municipality is, for its targets and budgets: a village to a large city.
        var scale = 0.3 * Math.Exp(random.NextDouble() * Math.Log(13));
        var pillarCount = Math.Max(2, RealPlans.Items(template, "pillars").Count() + random.Next(-1, 2));
        var measureCount = Math.Max(pillarCount, templateMeasures.Count + random.Next(-3, 4));
        var kpiShare = Math.Clamp(templateMeasures.Count(m => RealPlans.Items(m, "kpis").Any()) / (double)templateMeasures.Count, 0.4, 0.95);
        var budgeted = templateMeasures.Any(m => RealPlans.Items(m, "budget").Any()) ? 1.0 : 0.3;

        var pillars = new JsonArray();
        foreach (var (title, i) in Pick(real.Pillars, pillarCount, random).Select((t, i) => (t, i)))
            pillars.Add(new JsonObject { ["id"] = $"p{i + 1}", ["title"] = SyntheticNation.Marker + title });
        // Every pillar has a measure; the rest fall where they may, listed in pillar order as the plans print them.
        var pillarOf = Enumerable.Range(0, measureCount).Select(i => i < pillarCount ? i : random.Next(pillarCount)).Order().ToList();
        var measures = new JsonArray();
        var kpiNumber = 0;
        foreach (var (source, i) in Pick(real.Measures, measureCount, random).Select((m, i) => (m, i)))
        {
            var kpis = new JsonArray();
            for (var k = random.NextDouble() < kpiShare ? (random.NextDouble() < 0.1 ? 2 : 1) : 0; k > 0; k--)
                kpis.Add(Kpi(++kpiNumber, from, to, scale, random));
            var scheduleModel = templateMeasures[random.Next(templateMeasures.Count)];
            measures.Add(new JsonObject
            {
                ["id"] = $"m{i + 1:00}",
                ["pillar"] = $"p{pillarOf[i] + 1}",
                ["title"] = SyntheticNation.Marker + (string)source["title"]!,
                ["summary"] = (string?)source["summary"],
                ["department"] = Departments[random.Next(Departments.Length)],
                ["kpis"] = kpis,
                ["budget"] = random.NextDouble() < budgeted ? Budget(from, to, scale, random) : new JsonArray(),
                ["schedule"] = Schedule(RealPlans.Items(scheduleModel, "schedule").Count() + random.Next(-1, 2), from, to, random),
            });
        }

        return new JsonObject
        {
            ["format"] = "dxevents.plan/v1",
            ["tenant"] = municipality.Tenant,
            ["municipality"] = new JsonObject { ["name"] = municipality.Name, ["prefecture"] = municipality.Prefecture, ["code"] = null },
            ["plan"] = new JsonObject
            {
                ["id"] = municipality.PlanId,
                ["title"] = $"{SyntheticNation.Marker}{municipality.Name}DX推進計画",
                ["adopted"] = string.Create(CultureInfo.InvariantCulture, $"{from}-{random.Next(1, 4):00}"),
                ["period"] = new JsonObject { ["fromFiscalYear"] = from, ["toFiscalYear"] = to },
                ["vision"] = (string?)template["plan"]!["vision"] is { } vision ? SyntheticNation.Marker + vision : null,
                ["amountUnit"] = "千円",
            },
            ["pillars"] = pillars,
            ["measures"] = measures,
        };
    }

    private JsonObject Kpi(int number, int from, int to, double scale, Random random)
    {
        var source = real.Kpis[random.Next(real.Kpis.Count)];
        var (kind, unit) = ((string)source["kind"]!, (string?)source["unit"]);
        var printed = (decimal)source["target"]!["value"]!;
        var rate = kind == "rate" || unit == "%";
        var target = rate
            ? Math.Clamp(printed + random.Next(-15, 10), 30, 100)
            : Math.Max(2, Math.Round(printed * (decimal)(scale * (0.7 + 0.6 * random.NextDouble()))));
        // One KPI in ten aims past the plan's end, as Mima's k03 does (a warning at import, kept as printed).
        var targetYear = random.NextDouble() < 0.1 ? to + 1 : to;
        var kpi = new JsonObject
        {
            ["id"] = $"k{number:00}",
            ["name"] = SyntheticNation.Marker + (string)source["name"]!,
            ["unit"] = unit,
            ["kind"] = kind,
            ["direction"] = "increase",
            ["baseline"] = kind != "flow" && random.NextDouble() < 0.35
                ? new JsonObject { ["value"] = Math.Round(target * (decimal)(0.1 + 0.4 * random.NextDouble()), rate ? 1 : 0), ["fiscalYear"] = from - 1 }
                : null,
            ["target"] = kind == "flow"
                ? new JsonObject { ["value"] = target, ["fromFiscalYear"] = from, ["fiscalYear"] = targetYear }
                : new JsonObject { ["value"] = target, ["fiscalYear"] = targetYear },
            ["note"] = null,
        };
        if ((string?)source["combine"] is { } combine)
            kpi["combine"] = combine;
        return kpi;
    }

    private JsonArray Budget(int from, int to, double scale, Random random)
    {
        var lines = new JsonArray();
        // Like Mima's, half the plans print the year before the period (the year the systems were built).
        for (var year = random.NextDouble() < 0.5 ? from - 1 : from; year <= to; year++)
        {
            if (random.NextDouble() < 0.05)
            {
                lines.Add(new JsonObject { ["fiscalYear"] = year, ["undetermined"] = true, ["note"] = real.UndeterminedNotes[random.Next(real.UndeterminedNotes.Count)] });
                continue;
            }
            var model = real.BudgetLines[random.Next(real.BudgetLines.Count)];
            var total = (long)Math.Max(1, Math.Round((long)model["total"]! * scale * (0.7 + 0.6 * random.NextDouble())));
            var funding = new JsonArray();
            foreach (var source in RealPlans.Items(model, "funding"))
                funding.Add(new JsonObject { ["source"] = (string)source["source"]!, ["amount"] = total * (long)source["amount"]! / (long)model["total"]! });
            // One line in a hundred prints 一般財源 above 事業費, as Mima's m01 FY2023 does: kept, and warned about at import.
            var generalFunds = random.NextDouble() < 0.01 ? total + 10 : total;
            lines.Add(new JsonObject { ["fiscalYear"] = year, ["total"] = total, ["generalFunds"] = generalFunds, ["funding"] = funding });
        }
        return lines;
    }

    private JsonArray Schedule(int count, int from, int to, Random random)
    {
        var items = new JsonArray();
        var span = to - from + 1;
        count = Math.Clamp(count, 0, span);
        foreach (var (title, j) in Pick(real.ScheduleTitles, count, random).Select((t, j) => (t, j)))
        {
            var (start, end) = (from + j * span / count, from + (j + 1) * span / count - 1);
            items.Add(new JsonObject
            {
                ["id"] = $"s{j + 1}",
                ["title"] = SyntheticNation.Marker + title,
                ["fromFiscalYear"] = start,
                // The last step is sometimes open-ended (「システム稼働 FY2023–」).
                ["toFiscalYear"] = j == count - 1 && random.NextDouble() < 0.15 ? null : end,
            });
        }
        return items;
    }

    /// <summary><paramref name="count"/> items in random order, each once until the pool runs out.</summary>
    private static List<T> Pick<T>(IReadOnlyList<T> pool, int count, Random random)
    {
        var picked = new List<T>(count);
        while (picked.Count < count)
        {
            var round = pool.ToArray();
            random.Shuffle(round);
            picked.AddRange(round.Take(count - picked.Count));
        }
        return picked;
    }
}
