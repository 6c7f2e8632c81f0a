using System.Globalization;
using DxEvents.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DxEvents.Api.Commands;

/// <summary>
/// Numbers in a command's path (fiscal year, quarter). They are bound as text and checked here so that "abc" is a
/// 400 naming the field, as for the body, rather than a route that does not match (404).
/// </summary>
public static class RouteNumbers
{
    public static ProblemDetails Check(params (string Name, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var problems = values.Where(v => !int.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            .Select(v => new FieldText("/" + v.Name, new PathNotAWholeNumber(v.Name, v.Value))).ToList();
        return problems.Count == 0 ? WolverineContinue.NoProblems : ProblemMapper.Problem(400, "Invalid request", problems);
    }

    /// <summary>A value <see cref="Check"/> has passed.</summary>
    public static int Int(string value) => int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
