using Lxcfs.Chart.Tests;

namespace Lxcfs.Node.Tests;

/// <summary>One line per scenario with what it measured, kept in artifacts/e2e for make e2e to print.</summary>
internal static class Figures
{
    public static string File { get; } = Path.Combine(RepoPaths.Root, "artifacts", "e2e", "scenarios.txt");

    public static void Reset()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.Delete(File);
    }

    public static void Report(string scenario, string figures)
    {
        var line = $"{scenario}: {figures}";
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.AppendAllText(File, line + Environment.NewLine);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}
