namespace DxEvents.Cli.Tests.Support;

/// <summary>Bundles the tests write, in one folder of this test run, removed when the run ends.</summary>
public static class TempFiles
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("dxevents-cli-tests-").FullName;

    static TempFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Folder, recursive: true);

    public static string New(string name = "bundle") => Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}.jsonl");
}
