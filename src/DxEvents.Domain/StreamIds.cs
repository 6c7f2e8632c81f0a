namespace DxEvents.Domain;

/// <summary>Stream ids nest under their plan, so one prefix selects a whole plan's history.</summary>
public static class StreamIds
{
    public const string PlanType = "plan";
    public const string MeasureType = "measure";
    public const string KpiType = "kpi";
    public const string AccessType = "access";
    public const string ReminderType = "reminder";

    /// <summary>A municipality's access history (grants and keys): one stream per municipality, beside its plans.</summary>
    public const string Access = "access";

    public static string Plan(string planId) => $"plan/{planId}";

    public static string Measure(string planId, string measureId) => $"plan/{planId}/measure/{measureId}";

    public static string Kpi(string planId, string kpiId) => $"plan/{planId}/kpi/{kpiId}";

    /// <summary>One reminder: its plan, quarter, kind and address. Deterministic, so that two nodes deciding to send the same
    /// reminder both start this stream and the store's unique key lets one of them. The address is hashed: a stream id
    /// stays short and free of characters an address may hold. Outside "plan/…", so that no plan view folds it.</summary>
    public static string Reminder(string planId, int fiscalYear, int quarter, Deadlines.ReminderKind kind, string to)
    {
        var address = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes((to ?? "").Trim().ToLowerInvariant())))[..32];
        return $"{ReminderType}/{planId}/{fiscalYear}-q{quarter}/{kind.ToString().ToLowerInvariant()}/{address}";
    }

    /// <summary>The stream an event belongs to, decided by the event alone.</summary>
    public static (string StreamId, string StreamType) For(IDomainEvent domainEvent) => domainEvent switch
    {
        DxEvents.Domain.Access.IAccessEvent => (Access, AccessType),
        Deadlines.IReminderEvent r => (Reminder(r.PlanId, r.FiscalYear, r.Quarter, r.Kind, r.To), ReminderType),
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

    /// <summary>"plan", "measure", "kpi", "access" or "reminder"; null when the id is not one of ours.</summary>
    public static string? TypeOf(string streamId)
    {
        if (streamId == Access)
            return AccessType;
        if (streamId.StartsWith(ReminderType + "/", StringComparison.Ordinal))
            return ReminderType;
        if (PlanIdOf(streamId) is null)
        {
            return null;
        }

        var parts = streamId.Split('/');
        return parts.Length == 2 ? PlanType : parts[2];
    }
}
