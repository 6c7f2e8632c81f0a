using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DxEvents.Benchmarks.Http;

/// <summary>
/// The real service as a separate process, the way it runs in production: the Release build of DxEvents.Api under
/// `dotnet`, ASPNETCORE_ENVIRONMENT=Production, Kestrel on a loopback port that stays the same across restarts, no demo
/// keys, no seed folder. Its output goes to a log file; a crash drill kills it with SIGKILL, everything else stops it
/// with SIGTERM (the host's graceful shutdown).
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly StreamWriter _log;
    private Process? _process;

    public Uri BaseAddress { get; }
    public string LogPath { get; }

    /// <summary>Keep the log file after disposal (when something went wrong, or DXEVENTS_KEEP_LOGS=1); otherwise it is deleted.</summary>
    public bool KeepLog { get; set; }

    /// <summary>Process starts so far (1 after the first Start).</summary>
    public int Starts { get; private set; }

    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="environment">Settings beyond production's defaults (e.g. DXEVENTS_CLUSTER=on).</param>
    public ServiceProcess(string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        _connectionString = connectionString;
        _environment = environment ?? new Dictionary<string, string>();
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        LogPath = Path.Combine(Path.GetTempPath(), $"dxevents-service-{BaseAddress.Port}-{Environment.ProcessId}.log");
        _log = new StreamWriter(LogPath, append: false) { AutoFlush = true };
    }

    /// <summary>The DxEvents.Api build beside this one (bin/Release/net10.0 of the Api project), or the one
    /// DXEVENTS_SERVICE_ASSEMBLY names (another branch's build, a patched build).</summary>
    public static string Assembly
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DXEVENTS_SERVICE_ASSEMBLY") is { Length: > 0 } other)
                return File.Exists(other) ? other : throw new FileNotFoundException("DXEVENTS_SERVICE_ASSEMBLY names no file.", other);
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var path = Path.Combine(here.Replace(
                $"{Path.DirectorySeparatorChar}DxEvents.Benchmarks{Path.DirectorySeparatorChar}",
                $"{Path.DirectorySeparatorChar}DxEvents.Api{Path.DirectorySeparatorChar}", StringComparison.Ordinal), "DxEvents.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build DxEvents.Api first (ops/bench builds it).", path);
        }
    }

    public int Id => _process?.Id ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process and returns its start time (Stopwatch ticks), from which cold start is measured.</summary>
    public long Start()
    {
        if (IsRunning)
            throw new InvalidOperationException("The service is already running.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Assembly, "--urls", BaseAddress.ToString().TrimEnd('/') },
            // As a published service runs (ops/Dockerfile: WORKDIR /app): its appsettings.json is in its content root.
            WorkingDirectory = Path.GetDirectoryName(Assembly),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what production sets: no demo keys, no seed folder, no exporter, whatever the caller's shell holds.
        foreach (var name in new[] { "DXEVENTS_DEMO_KEYS", "DXEVENTS_SEED_DIR", "DXEVENTS_DAEMON_DB", "DXEVENTS_DB_ADMIN", "DXEVENTS_OWNER_DB", "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_URLS" })
            start.Environment.Remove(name);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith(Api.EventStore.ExtraDatabase.Section, StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["DXEVENTS_DB"] = _connectionString;
        foreach (var (name, value) in _environment)
            start.Environment[name] = value;
        // Configuration, not code: timestamps on the console log, so that a kept log shows when the daemon moved.
        start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        Log($"--- start {Starts}: pid {process.Id}");
        return started;
    }

    /// <summary>
    /// Starts the process and sends <paramref name="command"/> (the same request with the same Idempotency-Key) until it is
    /// answered 2xx; answers the time from process start to that answer: the cold start to the first answered command.
    /// </summary>
    public async Task<TimeSpan> StartUntilAnsweredAsync(Func<Task<Answer>> command, TimeSpan? timeout = null)
    {
        var started = Start();
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        while (true)
        {
            var answer = await command();
            if (answer.Acknowledged)
                return Stopwatch.GetElapsedTime(started);
            if (!IsRunning)
                throw new InvalidOperationException($"The service exited while starting; its log ends:\n{string.Join('\n', LogTail(30))}");
            if (answer.Status is not (0 or >= 500))
                throw new InvalidOperationException($"The first command after start-up answered {answer.Status}.");
            if (Stopwatch.GetElapsedTime(started) > limit)
                throw new TimeoutException($"The service answered no command within {limit.TotalSeconds:F0} s of starting (log: {LogPath}).");
            await Task.Delay(10);
        }
    }

    /// <summary>kill -9: no shutdown, no flush; whatever was in flight is cut.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        await process.WaitForExitAsync();
        Log($"--- killed (SIGKILL) pid {process.Id}");
    }

    /// <summary>SIGTERM and the host's graceful shutdown; SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        Log($"--- stopped pid {process.Id}, exit code {process.ExitCode}");
    }

    /// <summary>CPU time the process has used so far (user and system).</summary>
    public TimeSpan CpuTime()
    {
        if (_process is not { HasExited: false } process)
            return TimeSpan.Zero;
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Peak resident memory of the running process so far (VmHWM), in MB; NaN once it has exited.</summary>
    public double PeakMemoryMegabytes() => Status("VmHWM");

    public double MemoryMegabytes() => Status("VmRSS");

    private double Status(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public IReadOnlyList<string> LogTail(int lines)
    {
        lock (_log)
            _log.Flush();
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n').TakeLast(lines).ToList();
    }

    private void Log(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.WriteLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        lock (_log)
            _log.Dispose();
        if (KeepLog || Environment.GetEnvironmentVariable("DXEVENTS_KEEP_LOGS") == "1")
            Console.Error.WriteLine($"service log kept: {LogPath}");
        else
            File.Delete(LogPath);
    }
}
