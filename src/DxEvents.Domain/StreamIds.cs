namespace DxEvents.Domain;

/// <summary>Stream ids nest under their plan, so one prefix selects a whole plan's history.</summary>
public static class StreamIds
{
    public const string PlanType = "plan";
    public const string MeasureType = "measure";
    public const string KpiType = "kpi";
    public const string AccessType = "access";

    /// <summary>A municipality's access history (grants and keys): one stream per municipality, beside its plans.</summary>
    public const string Access = "access";

    public static string Plan(string planId) => $"plan/{planId}";

    public static string Measure(string planId, string measureId) => $"plan/{planId}/measure/{measureId}";

    public static string Kpi(string planId, string kpiId) => $"plan/{planId}/kpi/{kpiId}";

    /// <summary>The stream an event belongs to, decided by the event alone.</summary>
    public static (string StreamId, string StreamType) For(IDomainEvent domainEvent) => domainEvent switch
    {
        DxEvents.Domain.Access.IAccessEvent => (Access, AccessType),
        IKpiEvent k => (Kpi(k.PlanId, k.KpiId), KpiType),
        IMeasureEvent m => (Measure(m.PlanId, m.MeasureId), MeasureType),
        _ => (Plan(domainEvent.PlanId), PlanType),
    };

    /// <summary>The plan a stream belongs to, or null when the id is not one of ours.</summary>
    public static string? PlanIdOf(string streamId)
    {
        var parts = (streamId ?? "").Split('/');
        var wellFormed = parts is ["plan", { Length: > 0 }]
            || parts is ["plan", { Length: > 0 }, "measure" or "kpi", { Length: > 0 }];
        return wellFormed ? parts[1] : null;
    }

    /// <summary>"plan", "measure", "kpi" or "access"; null when the id is not one of ours.</summary>
    public static string? TypeOf(string streamId)
    {
        if (streamId == Access)
            return AccessType;
        if (PlanIdOf(streamId) is null)
        {
            return null;
        }

        var parts = streamId.Split('/');
        return parts.Length == 2 ? PlanType : parts[2];
    }
}
