using System.Globalization;
using System.Text.RegularExpressions;

namespace DxEvents.Domain.Plans.Import;

/// <summary>The municipality and plan sections, which together make PlanAdopted.</summary>
internal static partial class PlanHeaderReader
{
    public static PlanAdopted? Read(JsonCursor document)
    {
        var municipality = ReadMunicipality(document.Object("municipality"));
        if (document.Object("plan") is not { } plan)
        {
            return null;
        }

        var id = plan.Id();
        var title = plan.String("title", required: true);
        var adopted = Adopted(plan);
        var period = plan.Object("period");
        var from = period?.FiscalYear("fromFiscalYear");
        var to = period?.FiscalYear("toFiscalYear");
        if (from > to)
        {
            plan.Log.Error($"{period!.Pointer}/fromFiscalYear", new YearAfter("toFiscalYear", to!.Value));
        }

        var vision = plan.String("vision", required: false);
        var predecessor = plan.Id("predecessor", required: false);
        if (predecessor is not null && predecessor == id)
        {
            plan.Log.Error(plan.At("predecessor"), new PredecessorIsItself());
        }

        var amountUnit = plan.String("amountUnit", required: false) ?? "千円";
        if (amountUnit != "千円")
        {
            // Budget events carry amounts in 千円; another unit would silently scale every figure.
            plan.Log.Error(plan.At("amountUnit"), new UnsupportedAmountUnit());
        }

        if (id is null || title is null || adopted is null || from is null || to is null || municipality is null)
        {
            return null;
        }

        return new PlanAdopted(id, title, municipality, adopted, from.Value, to.Value, vision, amountUnit, Tolerances.Default, predecessor);
    }

    private static Municipality? ReadMunicipality(JsonCursor? section)
    {
        if (section is null)
        {
            return null;
        }

        var name = section.String("name", required: true);
        var prefecture = section.String("prefecture", required: true);
        var code = section.String("code", required: false);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            section.Log.Error(section.At("code"), new NotAMunicipalityCode());
        }

        return name is null || prefecture is null ? null : new Municipality(name, prefecture, code);
    }

    /// <summary>As printed: "2023-03" when the plan gives only the month, "2023-03-15" when it gives the day.</summary>
    private static string? Adopted(JsonCursor plan)
    {
        var text = plan.String("adopted", required: true);
        if (text is null)
        {
            return null;
        }

        var format = text.Length == 7 ? "yyyy-MM" : "yyyy-MM-dd";
        if (!AdoptedPattern().IsMatch(text) ||
            !DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            plan.Log.Error(plan.At("adopted"), new NotAnAdoptedDate());
            return null;
        }

        return text;
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}(-\d{2})?$")]
    private static partial Regex AdoptedPattern();
}
