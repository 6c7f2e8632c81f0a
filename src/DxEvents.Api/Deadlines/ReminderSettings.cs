using System.Globalization;
using MailKit.Security;

namespace DxEvents.Api.Deadlines;

/// <summary>
/// The deployment's mail server and reminder days, from configuration (environment variables such as DXEVENTS_SMTP_HOST).
/// Reminders are off unless a host and a sender are set. Departments' addresses are one setting per municipality,
/// DXEVENTS_REMINDER_DEPARTMENTS__{municipality} = "総務課=somu@city.example.jp;情報政策課=joho@city.example.jp", because
/// an environment variable's name cannot hold a department's Japanese name.
/// </summary>
public sealed record ReminderSettings(
    string? Host, int Port, string? From, string? User, string? Password, SecureSocketOptions Security,
    int DaysBefore, int OverdueDays, TimeSpan FirstRun, TimeSpan Interval, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Departments)
{
    public const string DepartmentsSection = "DXEVENTS_REMINDER_DEPARTMENTS";

    public bool On => Host is { Length: > 0 } && From is { Length: > 0 };

    /// <summary>The department's address in a municipality, or null when none is configured.</summary>
    public string? DepartmentAddress(string tenant, string? department) =>
        department is not null && Departments.TryGetValue(tenant, out var map) && map.TryGetValue(department, out var address) ? address : null;

    public static ReminderSettings Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        int Int(string key, int fallback) =>
            int.TryParse(configuration[key], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var security = configuration["DXEVENTS_SMTP_SECURITY"]?.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        var departments = configuration.GetSection(DepartmentsSection).GetChildren().ToDictionary(
            tenant => tenant.Key,
            tenant => (IReadOnlyDictionary<string, string>)(tenant.Value ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new(configuration["DXEVENTS_SMTP_HOST"], Int("DXEVENTS_SMTP_PORT", 25), configuration["DXEVENTS_SMTP_FROM"],
            configuration["DXEVENTS_SMTP_USER"], configuration["DXEVENTS_SMTP_PASSWORD"], security,
            Int("DXEVENTS_REMINDER_DAYS_BEFORE", 3), Int("DXEVENTS_REMINDER_OVERDUE_DAYS", 14), TimeSpan.FromSeconds(Int("DXEVENTS_REMINDER_FIRST_RUN_SECONDS", 60)),
            TimeSpan.FromMinutes(Math.Max(1, Int("DXEVENTS_REMINDER_INTERVAL_MINUTES", 60))), departments);
    }
}
