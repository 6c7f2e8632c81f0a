using System.Globalization;
using System.Text.Json;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans.Import;

namespace DxEvents.Cli.Seed;

/// <summary>One event to append: its stream, who recorded it and why, and when (recorded-at, as the store will keep it).</summary>
public sealed record SeededEvent(string StreamId, IDomainEvent Event, EventMetadata Metadata, DateTimeOffset RecordedAt);

/// <summary>What one session appends: a quarter's entries, grouped by stream, recorded-at rising in append order.</summary>
public sealed record SeedBatch(IReadOnlyList<SeededEvent> Events);

/// <summary>A synthetic municipality's whole history: its plan as imported, then one batch per quarter-end entry.</summary>
public sealed record SeededMunicipality(
    SyntheticMunicipality Municipality, PlanImportAccepted Plan, DateTimeOffset ImportedAt, EventMetadata ImportMetadata, IReadOnlyList<SeedBatch> Batches)
{
    public int EventCount => Plan.Events.Count() + Batches.Sum(b => b.Events.Count);
}

/// <summary>
/// Five fiscal years (or <c>years</c>) of a synthetic municipality's work, decided by the domain's own deciders on the state
/// its events fold to, so that every event is one the service would have accepted: the plan imported in April of the
/// first year, most measures started, then after every quarter-end the figure of every KPI, a few corrections of earlier
/// figures, budget revisions (補正予算) and undetermined years settled, schedule steps completed at year end, a mid-term
/// review of some targets, now and then a measure suspended and resumed, completed or cancelled. Recorded-at rises with
/// the order the store appends in, so sequence numbers, the chain and as-of reports agree on what came first.
/// </summary>
internal sealed class SyntheticHistory(SyntheticPlans plans)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly string[] FigureNotes = ["窓口受付件数を集計（本庁・支所）", "システムの利用ログから集計", "前期からの累計", "速報値"];
    private static readonly string[] CorrectionReasons =
        ["集計漏れ（支所分）を加算", "転記誤りを訂正", "重複計上を除外", "確定値に更新", "集計期間の誤りを訂正"];

    public SeededMunicipality Build(SyntheticMunicipality municipality, int years, int seed)
    {
        var random = municipality.Random(seed);
        var document = plans.Document(municipality, years, random);
        var plan = PlanDocumentReader.Read(JsonSerializer.SerializeToElement(document)) as PlanImportAccepted
            ?? throw new InvalidOperationException($"The synthetic plan of {municipality.Tenant} does not import.");
        var first = SyntheticPlans.FirstFiscalYear(years);
        var importedAt = At(new DateOnly(first, 4, 1 + random.Next(15)), random);
        var run = new Run(municipality, plan, random);
        var batches = new List<SeedBatch> { run.Kickoff(importedAt) };
        for (var quarter = new FiscalQuarter(first, 1); quarter.Year.Year <= SyntheticPlans.LastFiscalYear; quarter = quarter.Next)
            batches.Add(run.QuarterEnd(quarter, first + years / 2, quarter == new FiscalQuarter(SyntheticPlans.LastFiscalYear, 4)));
        return new SeededMunicipality(municipality, plan, importedAt, run.Metadata(run.Office, "plan import", "plan-import"), batches);
    }

    /// <summary>
    /// A published plan as printed, with a made-up history over its period up to the last quarter whose entries are all in
    /// the past on <paramref name="today"/>: the living demo of <c>./ops/run --demo-keys</c>. Every actor is marked
    /// <see cref="DemoMarker"/>, so no page, export or bundle can pass the figures off as the municipality's.
    /// </summary>
    /// <param name="untouched">Measures left as planned, with no figures for their KPIs (the README's API tour starts one).</param>
    public static SeededMunicipality BuildDemo(SyntheticMunicipality municipality, PlanImportAccepted plan, DateOnly today, int seed,
        IReadOnlySet<string>? untouched = null)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        ArgumentNullException.ThrowIfNull(plan);
        var adopted = plan.Events.OfType<Domain.Plans.PlanAdopted>().Single();
        var random = municipality.Random(seed);
        var importedAt = At(new DateOnly(adopted.FromFiscalYear, 4, 1 + random.Next(15)), random);
        var run = new Run(municipality, plan, random, DemoMarker);
        run.Leave(untouched ?? new HashSet<string>());
        var batches = new List<SeedBatch> { run.Kickoff(importedAt) };
        var planEnd = new FiscalQuarter(adopted.ToFiscalYear, 4);
        // A quarter's entries are spread over the 40 days after it ends: only quarters whose entries all lie in the past.
        var last = FiscalQuarter.LastClosedBefore(today.AddDays(-45)) is var closed && closed < planEnd ? closed : planEnd;
        var review = adopted.FromFiscalYear + ((adopted.ToFiscalYear - adopted.FromFiscalYear) / 2);
        for (var quarter = new FiscalQuarter(adopted.FromFiscalYear, 1); quarter <= last; quarter = quarter.Next)
            batches.Add(run.QuarterEnd(quarter, review, quarter == planEnd));
        return new SeededMunicipality(municipality, plan, importedAt, run.Metadata(run.Office, "plan import", "plan-import"), batches);
    }

    /// <summary>Starts the name of every actor of a demonstration history.</summary>
    public const string DemoMarker = "【デモ】";

    /// <summary>An instant during office hours (JST) on that day, in UTC as the store keeps it.</summary>
    private static DateTimeOffset At(DateOnly day, Random random) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Japan).AddSeconds(random.Next(8 * 3600)).ToUniversalTime();

    /// <summary>The states the deciders decide on, and the batch being written.</summary>
    private sealed class Run
    {
        private readonly SyntheticMunicipality _municipality;
        private readonly Random _random;
        private readonly Dictionary<string, MeasureState> _measures = [];
        private readonly Dictionary<string, KpiState> _kpis = [];
        private readonly Dictionary<string, (double Pace, decimal Start)> _paths = [];
        private readonly Dictionary<string, string> _departments = [];
        private readonly Dictionary<(string Measure, string Item), int?> _scheduleEnds = [];
        private readonly List<(string Stream, IDomainEvent Event, EventMetadata Metadata)> _pending = [];
        private readonly string _marker;
        private DateTimeOffset _now;

        public string Office { get; }

        public Run(SyntheticMunicipality municipality, PlanImportAccepted plan, Random random, string marker = "")
        {
            (_municipality, _random, _marker) = (municipality, random, marker);
            Office = $"{marker}{municipality.Name} DX推進室 担当{random.Next(1, 3)}";
            foreach (var e in plan.Events)
            {
                if (e is MeasureRegistered m)
                    _departments[m.MeasureId] = m.Department ?? "DX推進室";
                if (e is ScheduleItemPlanned s)
                    _scheduleEnds[(s.MeasureId, s.ItemId)] = s.ToFiscalYear;
                if (e is IKpiEvent k)
                    _kpis[k.KpiId] = KpiState.Evolve(_kpis.GetValueOrDefault(k.KpiId, KpiState.Initial), e);
                else if (e is IMeasureEvent me)
                    _measures[me.MeasureId] = MeasureState.Evolve(_measures.GetValueOrDefault(me.MeasureId, MeasureState.Initial), e);
            }
            // How each KPI fares: ahead, on track, behind or far behind, so that the statuses spread as real ones do.
            foreach (var (id, kpi) in _kpis)
            {
                var pace = new[] { 1.15, 1.0, 1.0, 0.85, 0.6 }[random.Next(5)] * (0.9 + 0.2 * random.NextDouble());
                var start = kpi.Baseline?.Value ?? Math.Round((kpi.Target!.Value ?? 1) * (decimal)(0.05 + 0.2 * random.NextDouble()));
                _paths[id] = (pace, start);
            }
        }

        public void Leave(IReadOnlySet<string> measures)
        {
            foreach (var measure in measures)
                _measures.Remove(measure);
            foreach (var kpi in _kpis.Where(k => measures.Contains(k.Value.MeasureId)).Select(k => k.Key).ToList())
                _kpis.Remove(kpi);
        }

        public SeedBatch Kickoff(DateTimeOffset importedAt)
        {
            _now = importedAt.AddDays(1);
            foreach (var measure in _measures.Keys.Where(_ => _random.NextDouble() < 0.85).ToList())
                Measure(measure, new StartMeasure(JapanDate.Of(importedAt), "計画策定に伴い着手"), Office);
            return Flush(importedAt.AddDays(1), importedAt.AddDays(20));
        }

        public SeedBatch QuarterEnd(FiscalQuarter quarter, int reviewYear, bool last)
        {
            var end = quarter.End;
            _now = At(end.AddDays(5), _random);
            var (year, number) = (quarter.Year.Year, quarter.Number);
            foreach (var (id, state) in _measures.ToList())
                Lifecycle(id, state, quarter, last);
            foreach (var (id, state) in _measures.ToList())
            {
                if (number == 4)
                {
                    // In the plan's order: an immutable dictionary enumerates by string hash, which differs from run to run.
                    foreach (var item in state.ScheduleCompletedOn.Where(s => s.Value is null).Select(s => s.Key).Order(StringComparer.Ordinal).ToList())
                    {
                        if (_random.NextDouble() < 0.85 && ScheduledToEnd(id, item) == year)
                            Measure(id, new CompleteScheduleItem(item, end.AddDays(-_random.Next(40)), null), Office);
                    }
                }
                if (number < 4 && state.CurrentBudget.TryGetValue(year, out var figures))
                    Budget(id, year, number, figures);
            }
            foreach (var (id, state) in _kpis.ToList())
            {
                Kpi(id, new RecordKpiFigure(year, number, Figure(id, state, quarter), _random.NextDouble() < 0.2 ? FigureNotes[_random.Next(FigureNotes.Length)] : null));
                // A figure is sometimes found wrong a quarter or two later.
                var earlier = quarter.Previous;
                if (_kpis[id].Figures.TryGetValue((earlier.Year.Year, earlier.Number), out var wrong) && _random.NextDouble() < 0.04)
                    Kpi(id, new CorrectKpiFigure(earlier.Year.Year, earlier.Number, Corrected(wrong, _kpis[id].Kind), CorrectionReasons[_random.Next(CorrectionReasons.Length)]));
                if (year == reviewYear && number == 4 && _random.NextDouble() < 0.06 && _kpis[id].Target is { Value: { } value } target)
                {
                    var up = _random.NextDouble() < 0.6;
                    var revised = Math.Max(1, Math.Round(value * (up ? 1.2m : 0.8m), _kpis[id].Kind == KpiKind.Rate ? 1 : 0));
                    Kpi(id, new ReviseKpiTarget(revised, target.FiscalYear, target.FromFiscalYear, up ? "中間見直し：実績が順調なため目標値を上方修正" : "中間見直し：事業計画の変更に伴い目標値を下方修正"));
                }
            }
            return Flush(_now, At(end.AddDays(40), _random));
        }

        private void Lifecycle(string id, MeasureState state, FiscalQuarter quarter, bool last)
        {
            var on = quarter.End.AddDays(-_random.Next(60));
            switch (state.Lifecycle)
            {
                case MeasureLifecycle.Planned when _random.NextDouble() < 0.3:
                    Measure(id, new StartMeasure(on, "予算措置に伴い着手"), Office);
                    break;
                case MeasureLifecycle.Started when last && state.ScheduleCompletedOn.Values.All(d => d is not null) && _random.NextDouble() < 0.3:
                    Measure(id, new CompleteMeasure(on, "計画期間の取組を完了"), Office);
                    break;
                case MeasureLifecycle.Started when !last && _random.NextDouble() < 0.01:
                    Measure(id, new SuspendMeasure(on, "委託事業者の選定やり直しのため一時中断"), Office);
                    break;
                case MeasureLifecycle.Suspended when _random.NextDouble() < 0.5:
                    Measure(id, new ResumeMeasure(on, "委託事業者が決定したため再開"), Office);
                    break;
                case MeasureLifecycle.Suspended when last:
                    Measure(id, new CancelMeasure(on, "国の標準仕様の変更により取組を中止"), Office);
                    break;
            }
        }

        private void Budget(string id, int year, int quarter, BudgetFigures? figures)
        {
            var month = quarter switch { 1 => 6, 2 => 9, _ => 12 };
            if (figures is null && quarter == 1 && _random.NextDouble() < 0.8)
            {
                var total = (long)(500 + _random.Next(20_000));
                Measure(id, new ReviseBudget(year, total, total, [new FundingSource("交付金", total / 2)], "比較検討の結果により事業費決定"), Office);
            }
            else if (figures is not null && figures.Total > 0 && _random.NextDouble() < 0.08)
            {
                var factor = 0.7m + (decimal)_random.NextDouble() * 0.6m;
                var total = Math.Max(1, (long)Math.Round(figures.Total * factor));
                var funding = figures.Funding.Select(f => f with { Amount = (long)Math.Round(f.Amount * factor) }).ToList();
                Measure(id, new ReviseBudget(year, total, Math.Min(total, (long)Math.Round(figures.GeneralFunds * factor)), funding,
                    $"{month}月補正予算（{(factor >= 1 ? "増額" : "減額")}）"), Office);
            }
        }

        /// <summary>Where the KPI stands after the quarter on its path to the target: counts rise and are kept as running totals
        /// (level), amounts per quarter vary around their share of the window (flow), rates move toward the target (rate).</summary>
        private decimal Figure(string id, KpiState kpi, FiscalQuarter quarter)
        {
            var (pace, start) = _paths[id];
            var target = kpi.Target!.Value ?? 1;
            var window = new FiscalQuarter(kpi.Target.FromFiscalYear ?? kpi.Target.FiscalYear - 2, 1);
            var quarters = Math.Max(1, new FiscalQuarter(kpi.Target.FiscalYear, 4).Ordinal - window.Ordinal + 1);
            var noise = (decimal)(0.94 + 0.12 * _random.NextDouble());
            switch (kpi.Kind)
            {
                case KpiKind.Flow:
                    return Math.Max(0, Math.Round(target / quarters * (decimal)pace * noise));
                case KpiKind.Rate:
                    var share = Math.Clamp((quarter.Ordinal - window.Ordinal + 1) / (decimal)quarters, 0, 1);
                    return Math.Clamp(Math.Round((start + (target - start) * share * (decimal)pace) * noise, 1), 0, 100);
                default:
                    var elapsed = Math.Clamp((quarter.Ordinal - window.Ordinal + 1) / (decimal)quarters, 0, 1.3m);
                    var value = Math.Round(start + (target - start) * elapsed * (decimal)pace * noise);
                    var last = kpi.Figures.TryGetValue((quarter.Previous.Year.Year, quarter.Previous.Number), out var previous) ? previous : start;
                    return Math.Max(last, value);
            }
        }

        private decimal Corrected(decimal wrong, KpiKind kind)
        {
            if (kind == KpiKind.Rate)
                return wrong < 99 ? wrong + 0.5m : wrong - 0.5m;
            var step = Math.Max(1, Math.Round(wrong * 0.05m));
            return wrong > step && _random.NextDouble() < 0.3 ? wrong - step : wrong + step;
        }

        private int? ScheduledToEnd(string measure, string item) => _scheduleEnds.GetValueOrDefault((measure, item));

        private void Measure(string id, MeasureCommand command, string actor)
        {
            foreach (var e in MeasureDecider.Decide(_measures[id], command, _now))
            {
                _measures[id] = MeasureState.Evolve(_measures[id], e);
                _pending.Add((StreamIds.Measure(_municipality.PlanId, id), e, Metadata(actor, Reason(command), $"{id}-{command.GetType().Name}")));
            }
        }

        private void Kpi(string id, KpiCommand command)
        {
            var actor = $"{_marker}{_municipality.Name} {_departments[_kpis[id].MeasureId]} 担当";
            foreach (var e in KpiDecider.Decide(_kpis[id], command, _now))
            {
                _kpis[id] = KpiState.Evolve(_kpis[id], e);
                _pending.Add((StreamIds.Kpi(_municipality.PlanId, id), e, Metadata(actor, Reason(command), $"{id}-{command.GetType().Name}")));
            }
        }

        private static string? Reason(object command) => command switch
        {
            CorrectKpiFigure c => c.Reason,
            ReviseKpiTarget c => c.Reason,
            ReviseBudget c => c.Reason,
            SuspendMeasure c => c.Reason,
            ResumeMeasure c => c.Reason,
            CompleteMeasure c => c.Reason,
            CancelMeasure c => c.Reason,
            _ => null,
        };

        /// <summary>The metadata the service stamps on a command's events: the key's name as actor, the reason, a trace id as
        /// correlation id, the Idempotency-Key as causation id (and Kestrel's request id in the headers, see the loader).</summary>
        public EventMetadata Metadata(string actor, string? reason, string key) =>
            new(actor, reason, Hex(16), string.Create(CultureInfo.InvariantCulture, $"{_municipality.Tenant}-{key}-{Hex(4)}"), null);

        private string Hex(int bytes)
        {
            var buffer = new byte[bytes];
            _random.NextBytes(buffer);
            return Convert.ToHexStringLower(buffer);
        }

        /// <summary>The pending events grouped by stream (the order Marten appends in), recorded-at spread over the window.</summary>
        private SeedBatch Flush(DateTimeOffset from, DateTimeOffset to)
        {
            var ordered = _pending.Select((p, i) => (p, i)).GroupBy(x => x.p.Stream).SelectMany(g => g).Select(x => x.p).ToList();
            _pending.Clear();
            var step = (to - from).TotalSeconds / Math.Max(1, ordered.Count);
            return new SeedBatch([.. ordered.Select((p, i) => new SeededEvent(p.Stream, p.Event, p.Metadata, from.AddSeconds(Math.Floor(i * step))))]);
        }
    }
}
