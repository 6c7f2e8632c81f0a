using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans;

// Why PlanDecider refuses a command, in both languages.

public sealed record PlanNotFound : Text
{
    public override string Code => "plan-not-found";
    public override string Ja => "その計画はありません。";
    public override string En => "No such plan.";
}

public sealed record OnTrackOutOfRange : Text
{
    public override string Code => "on-track-out-of-range";
    public override string Ja => "onTrack（順調とする遅れの許容幅）は 0 以上 1 以下にしてください。";
    public override string En => "onTrack must lie between 0 and 1.";
}

public sealed record AtRiskOutOfRange : Text
{
    public override string Code => "at-risk-out-of-range";
    public override string Ja => "atRisk（要注意とする遅れの許容幅）は onTrack 以上 1 以下にしてください。";
    public override string En => "atRisk must lie between onTrack and 1.";
}
