using System.Globalization;
using DxEvents.Domain.Reports;

namespace DxEvents.Domain.Texts;

/// <summary>How texts print their arguments: English as the service always printed them (invariant numbers, yyyy-MM-dd),
/// Japanese in the product's style (grouped figures, 2026年1月1日); fiscal years and quarters as 西暦 with 和暦 in both.</summary>
internal static class Say
{
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Grouped(decimal value) => Labels.Number(value, grouped: true);

    public static string Amount(long value) => Labels.Amount(value);

    public static string Date(DateOnly date) => Labels.Date(date);

    public static string DateJa(DateOnly date) => Labels.DateJa(date);
}
