using DxEvents.Cli.Tests.Support;

namespace DxEvents.Cli.Tests;

/// <summary>dxevents verify as a user runs it: exit code and the line that names the break.</summary>
public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Verify_exits_0_on_an_intact_bundle_and_1_naming_position_line_and_kind_on_a_tampered_one()
    {
        var bundle = BundleLines.Valid(10);
        var intact = bundle.Save();
        var line = bundle.Event(5);
        line["metadata"]!["userName"] = "別人";
        bundle.Set(5, line);
        var tampered = bundle.Save();

        var (ok, okText) = await RunAsync(intact);
        var (broken, brokenText) = await RunAsync(tampered);
        var (kept, keptText) = await RunAsync(tampered, "--head", bundle.Record(4).Hash is { } h ? Convert.ToHexString(h) : "");
        var (notABundle, _) = await RunAsync(await WriteAsync("hello\n"));

        Assert.Equal(0, ok);
        Assert.Contains("OK: the chain holds for all 10 events", okText, StringComparison.Ordinal);
        Assert.Equal(1, broken);
        Assert.Contains("BROKEN at position 5 (line 6): altered", brokenText, StringComparison.Ordinal);
        Assert.Equal(1, kept);
        Assert.Contains("intact ancestor: ", keptText, StringComparison.Ordinal);
        Assert.Equal(2, notABundle);
    }

    private static async Task<string> WriteAsync(string text)
    {
        var path = TempFiles.New("not-a-bundle");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static Task<(int Exit, string Output)> RunAsync(params string[] args) => VerifyRun.RunAsync(args);
}
