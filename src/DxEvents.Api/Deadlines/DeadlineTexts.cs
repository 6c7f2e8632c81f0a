using DxEvents.Domain.Texts;

namespace DxEvents.Api.Deadlines;

public sealed record QueryNumberOutOfRange(string Field, int Min, int Max) : Text(
    "query-number-out-of-range",
    $"{Field} には {Min}〜{Max} の整数を指定してください（fiscalYear と quarter は両方とも指定します）。",
    $"{Field} must be a whole number from {Min} to {Max} (give both fiscalYear and quarter).");
