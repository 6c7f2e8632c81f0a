using System.Collections.Concurrent;
using DxEvents.Api.EventStore;
using Npgsql;

namespace DxEvents.Api.Auth;

/// <summary>
/// A key's grant kept in memory for a few seconds, so that a busy client costs no look-up per request. A revocation commits
/// a PostgreSQL notification with its event (<see cref="ApiKeys.RevokeAsync"/>), which every node listening on that database
/// receives at once and forgets the key. Nothing is cached while a listener is down, every entry is forgotten when one
/// drops or comes back (what was revoked meanwhile was never heard), and an entry lives <see cref="Ttl"/> at most, for a
/// listener whose connection died without a word (a network that swallows packets).
/// </summary>
/// <remarks>Hand-written rather than Microsoft.Extensions.Caching: the whole cache is the generation check that keeps a look-up
/// which raced a revocation out of it, and its clock must be monotonic (tests fix the service's TimeProvider).</remarks>
public sealed class KeyGrantCache : BackgroundService
{
    /// <summary>The notification channel; the payload is the key's id (the token's hash).</summary>
    public const string Channel = "dxevents_key_revoked";

    /// <summary>The listener's application_name, as pg_stat_activity shows it.</summary>
    public const string ApplicationName = "dxevents-key-revocations";

    /// <summary>The configuration setting for <see cref="Ttl"/>, in seconds; 0 turns the cache off.</summary>
    public const string TtlSetting = "DXEVENTS_KEY_CACHE_SECONDS";

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<string> _databases;
    private readonly ILogger<KeyGrantCache> _logger;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly bool[] _listening;
    private long _generation;

    /// <param name="databases">Every database a municipality's keys live on (a revocation notifies on its own database).</param>
    public KeyGrantCache(IReadOnlyList<string> databases, TimeSpan ttl, ILogger<KeyGrantCache> logger)
    {
        ArgumentNullException.ThrowIfNull(databases);
        Ttl = ttl;
        _databases = [.. databases.Select(d => ListenerConnection(d, ttl))];
        _listening = new bool[_databases.Count];
        _logger = logger;
    }

    public TimeSpan Ttl { get; }

    private sealed record Entry(ApiKeyIdentity Identity, DateTimeOffset? LastUsedAt, long Expires);

    /// <summary>Read before a look-up and handed to <see cref="Put"/>: a revocation heard in between keeps the result out.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string keyId, out ApiKeyIdentity? identity, out DateTimeOffset? lastUsedAt)
    {
        (identity, lastUsedAt) = (null, null);
        if (!_entries.TryGetValue(keyId, out var entry))
            return false;
        if (Environment.TickCount64 >= entry.Expires)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(keyId, entry));
            return false;
        }
        (identity, lastUsedAt) = (entry.Identity, entry.LastUsedAt);
        return true;
    }

    public void Put(ApiKeyIdentity identity, DateTimeOffset? lastUsedAt, long generation)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (Ttl <= TimeSpan.Zero || !Listening)
            return;
        _entries[identity.Id] = new Entry(identity, lastUsedAt, Environment.TickCount64 + (long)Ttl.TotalMilliseconds);
        // A revocation heard while this entry was being added: it may have removed the key before the add.
        if (Generation != generation)
            _entries.TryRemove(identity.Id, out _);
    }

    /// <summary>Whether every database's listener is up, the condition for caching at all.</summary>
    public bool Listening
    {
        get
        {
            for (var i = 0; i < _listening.Length; i++)
                if (!Volatile.Read(ref _listening[i]))
                    return false;
            return true;
        }
    }

    public void Forget(string keyId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(keyId, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Ttl <= TimeSpan.Zero ? Task.CompletedTask : Task.WhenAll(_databases.Select((db, i) => ListenAsync(db, i, stoppingToken)));

    private async Task ListenAsync(string database, int index, CancellationToken stop)
    {
        var retry = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database);
                connection.Notification += (_, e) => Forget(e.Payload);
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop);
                ForgetAll();
                Volatile.Write(ref _listening[index], true);
                retry = TimeSpan.FromMilliseconds(100);
                while (true)
                    await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                _logger.LogWarning(e, "The API keys' revocation listener lost its connection; keys are looked up on every request until it is back.");
            }
            finally
            {
                Volatile.Write(ref _listening[index], false);
                ForgetAll();
            }
            try
            {
                await Task.Delay(retry, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>A connection of its own outside the pool, named for pg_stat_activity, whose keepalive finds a dead peer
    /// within the cache's lifetime.</summary>
    private static string ListenerConnection(string connectionString, TimeSpan ttl) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationName,
            KeepAlive = Math.Max(1, (int)ttl.TotalSeconds),
            MaxAutoPrepare = 0,
        }.ConnectionString;
}

public static class KeyGrantCacheSetup
{
    /// <summary><see cref="ApiKeys"/> for the service, with the grant cache and its listener on every database.</summary>
    public static void AddApiKeys(this IServiceCollection services, IConfiguration configuration, string connectionString, IReadOnlyList<ExtraDatabase> extraDatabases)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ttl = int.TryParse(configuration[KeyGrantCache.TtlSetting], out var seconds) ? TimeSpan.FromSeconds(seconds) : KeyGrantCache.DefaultTtl;
        services.AddSingleton(s => new KeyGrantCache([connectionString, .. extraDatabases.Select(d => d.ConnectionString)], ttl,
            s.GetRequiredService<ILogger<KeyGrantCache>>()));
        services.AddHostedService(s => s.GetRequiredService<KeyGrantCache>());
        services.AddSingleton<ApiKeys>();
    }
}
