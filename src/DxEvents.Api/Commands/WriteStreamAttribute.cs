using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using Marten;
using Wolverine.Configuration;
using Wolverine.Marten;

namespace DxEvents.Api.Commands;

/// <summary>
/// Wolverine's aggregate handler workflow (<see cref="WriteAggregateAttribute"/>) as every DxEvents command uses it:
/// the stream key comes from a static method of the endpoint (a stream key joins several route values), the stream is
/// fetched with Marten's exclusive lock so that concurrent commands on one stream decide in turn on the latest state,
/// a missing stream reaches Decide (which answers 404 in the domain's words), and If-Match is checked against the
/// locked stream's version right after the fetch.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WriteStreamAttribute : WriteAggregateAttribute
{
    public WriteStreamAttribute(string streamKeyMethod)
    {
        FromMethod = streamKeyMethod;
        LoadStyle = ConcurrencyStyle.Exclusive;
        Required = false;
    }

    public override Variable Modify(IChain chain, ParameterInfo parameter, IServiceContainer container, GenerationRules rules)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(parameter);
        var variable = base.Modify(chain, parameter, container, rules);
        var aggregate = parameter.ParameterType.GetGenericArguments().Single();
        chain.Middleware.Add(new MethodCall(typeof(IfMatch), typeof(IfMatch).GetMethod(nameof(IfMatch.Check))!.MakeGenericMethod(aggregate)));
        return variable;
    }
}
