using System.Text.Json.Nodes;
using DxEvents.Cli.Tests.Support;
using DxEvents.Integrity;

namespace DxEvents.Cli.Tests;

/// <summary>The four tamperings of the database tests, done to a bundle file with a text editor; the offline verifier
/// (what dxevents verify runs) names the first broken position, its line and what broke. No database.</summary>
public sealed class BundleTamperTests
{
    [Fact]
    public async Task An_untouched_bundle_verifies_and_a_kept_head_is_an_intact_ancestor()
    {
        var bundle = BundleLines.Valid(10);
        var kept = bundle.Record(6).Hash!;

        var (manifest, verification) = await new BundleFile(bundle.Save()).VerifyAsync(kept);

        Assert.True(verification.Ok);
        Assert.Equal((10L, manifest.Head), (verification.Count, verification.Verified));
        Assert.Equal(new PinnedHead(ChainEncoding.Hex(kept), 6, true), verification.Pinned);
    }

    [Fact]
    public async Task Editing_one_events_data_is_altered()
    {
        var bundle = BundleLines.Valid(10);
        var line = bundle.Event(5);
        line["data"]!["value"] = 5000;
        bundle.Set(5, line);

        await AssertBrokenAsync(bundle, 5, ChainBreakKind.Altered, line: 6);
    }

    /// <summary>dxevents-chain/2 covers Marten's headers: a reason reworded, a warning dropped or the user name changed is altered.</summary>
    [Fact]
    public async Task Editing_one_events_reason_warnings_or_user_name_is_altered()
    {
        var (reason, warnings, user) = (BundleLines.Valid(10), BundleLines.Valid(10), BundleLines.Valid(10));
        var line = reason.Event(8);
        line["metadata"]!["headers"]!["reason"] = "第8回 訂正（差替）";
        reason.Set(8, line);
        line = warnings.Event(4);
        line["metadata"]!["headers"]!["warnings"]!.AsArray().Clear();
        warnings.Set(4, line);
        line = user.Event(3);
        line["metadata"]!["userName"] = "美馬市 職員99";
        user.Set(3, line);

        await AssertBrokenAsync(reason, 8, ChainBreakKind.Altered, line: 9);
        await AssertBrokenAsync(warnings, 4, ChainBreakKind.Altered, line: 5);
        await AssertBrokenAsync(user, 3, ChainBreakKind.Altered, line: 4);
    }

    [Fact]
    public async Task Deleting_one_line_is_missing_whether_or_not_the_later_positions_are_renumbered()
    {
        var (plain, renumbered) = (BundleLines.Valid(10), BundleLines.Valid(10));
        plain.Lines.RemoveAt(5);
        renumbered.Lines.RemoveAt(5);
        for (var i = 5; i < renumbered.Lines.Count; i++)
        {
            var line = renumbered.Event(i);
            line["position"] = i;
            renumbered.Set(i, line);
        }

        await AssertBrokenAsync(plain, 5, ChainBreakKind.Missing, line: 6);
        await AssertBrokenAsync(renumbered, 5, ChainBreakKind.Missing, line: 6);
    }

    [Fact]
    public async Task Swapping_two_lines_or_their_payloads_is_reordered()
    {
        var (lines, payloads) = (BundleLines.Valid(10), BundleLines.Valid(10));
        (lines.Lines[4], lines.Lines[8]) = (lines.Lines[8], lines.Lines[4]);
        var (fourth, eighth) = (payloads.Event(4), payloads.Event(8));
        (fourth["data"], eighth["data"]) = (eighth["data"]!.DeepClone(), fourth["data"]!.DeepClone());
        payloads.Set(4, fourth);
        payloads.Set(8, eighth);

        await AssertBrokenAsync(lines, 4, ChainBreakKind.Reordered, line: 5);
        await AssertBrokenAsync(payloads, 4, ChainBreakKind.Reordered, line: 5);
    }

    [Fact]
    public async Task A_forged_line_with_a_plausible_hash_is_inserted()
    {
        var (beside, renumbered, past) = (BundleLines.Valid(10), BundleLines.Valid(10), BundleLines.Valid(10));
        beside.Lines.Insert(5, Forge(beside, 5));
        renumbered.Lines.Insert(5, Forge(renumbered, 5));
        for (var i = 6; i < renumbered.Lines.Count; i++)
        {
            var line = renumbered.Event(i);
            line["position"] = i;
            renumbered.Set(i, line);
        }
        past.Lines.Add(Forge(past, 11));

        await AssertBrokenAsync(beside, 5, ChainBreakKind.Inserted, line: 6);
        await AssertBrokenAsync(renumbered, 5, ChainBreakKind.Inserted, line: 6);
        await AssertBrokenAsync(past, 11, ChainBreakKind.Inserted, line: 12);
    }

    [Fact]
    public async Task A_manifest_that_disagrees_with_its_events_is_caught()
    {
        var (count, head) = (BundleLines.Valid(10), BundleLines.Valid(10));
        var manifest = JsonNode.Parse(count.Lines[0])!.AsObject();
        manifest["count"] = 9;
        count.Lines[0] = manifest.ToJsonString();
        head.Lines.RemoveAt(10);

        await AssertBrokenAsync(count, 10, ChainBreakKind.Altered, line: 1);
        await AssertBrokenAsync(head, 10, ChainBreakKind.Missing, line: 11);
    }

    /// <summary>A line built with the published encoding and hashed after the real previous line: its own hash is plausible.</summary>
    private static string Forge(BundleLines bundle, int position)
    {
        var forged = bundle.Record(position - 1) with
        {
            Position = position,
            Sequence = 999,
            StreamId = "plan/mima-dx/kpi/k01",
            EventId = Guid.CreateVersion7(),
            Data = """{"fiscalYear":2025,"quarter":2,"value":300}""",
            Metadata = """{"headers":{"requestId":"req-x"},"userName":"誰か"}""",
        };
        var hash = ChainEncoding.Hash(bundle.Record(position - 1).Hash, BundleLines.Tenant, position, forged);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Bundle.WriteEvent(buffer, forged with { Hash = hash });
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }

    private static async Task AssertBrokenAsync(BundleLines bundle, long position, ChainBreakKind kind, long line)
    {
        var (_, verification) = await new BundleFile(bundle.Save()).VerifyAsync();
        Assert.False(verification.Ok, "the tampering went unnoticed");
        var broken = verification.Break!;
        Assert.Equal((position, kind, line), (broken.Position, broken.Kind, broken.Ordinal < 0 ? 1 : BundleFile.LineOf(broken)));
    }
}
