using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans;

// Why PlanDecider refuses a command, in both languages.

public sealed record PlanNotFound() : Text(
    "plan-not-found",
    "その計画はありません。",
    "No such plan.");

public sealed record OnTrackOutOfRange() : Text(
    "on-track-out-of-range",
    "onTrack（順調とする遅れの許容幅）は 0 以上 1 以下にしてください。",
    "onTrack must lie between 0 and 1.");

public sealed record AtRiskOutOfRange() : Text(
    "at-risk-out-of-range",
    "atRisk（要注意とする遅れの許容幅）は onTrack 以上 1 以下にしてください。",
    "atRisk must lie between onTrack and 1.");
