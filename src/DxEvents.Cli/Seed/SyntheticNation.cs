using System.Globalization;

namespace DxEvents.Cli.Seed;

/// <summary>A synthetic municipality: its slug (syn-0001), its name (合成市0001) and the Random every draw about it comes from.</summary>
public sealed record SyntheticMunicipality(int Number, string Tenant, string Name, string Prefecture, string PlanId)
{
    /// <summary>The same numbers for the same municipality whatever else is seeded, in any order, in parallel or not.</summary>
    public Random Random(int seed) => new(unchecked((seed * 7_919) + Number));
}

/// <summary>
/// Japan's 1,741 municipalities (市区町村) as synthetic ones: 792 cities, 743 towns, 183 villages and Tokyo's 23 special
/// wards, dealt out in a fixed random order so that the first N of any run are a mix. Names and prefectures say 合成
/// (synthetic) so that nobody takes them for real places; no municipality code is given.
/// </summary>
public static class SyntheticNation
{
    public const int Municipalities = 1_741;
    public const string Marker = "【合成データ】";
    public const string TenantPrefix = "syn-";
    public const int DefaultSeed = 20_210_401;

    private static readonly (string Kind, int Count)[] Kinds = [("市", 792), ("町", 743), ("村", 183), ("区", 23)];

    public static IReadOnlyList<SyntheticMunicipality> Take(int count, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 9_999);
        var kinds = Kinds.SelectMany(k => Enumerable.Repeat(k.Kind, k.Count)).ToArray();
        new Random(seed).Shuffle(kinds);
        return [.. Enumerable.Range(1, count).Select(n =>
        {
            var number = n.ToString("0000", CultureInfo.InvariantCulture);
            var prefecture = ((n * 31) % 47 + 1).ToString("00", CultureInfo.InvariantCulture);
            return new SyntheticMunicipality(n, TenantPrefix + number, $"合成{kinds[(n - 1) % kinds.Length]}{number}", $"合成県{prefecture}",
                $"{TenantPrefix}{number}-dx");
        })];
    }
}
