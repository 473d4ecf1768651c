using Lxcfs.Testing;

namespace Lxcfs.Chart.Tests;

/// <summary>The project's pinned Helm, installed by hack/prereqs.d into the cache.</summary>
internal static class Helm
{
    public static string Binary => Path.Combine(RepoPaths.Cache, "bin", "helm");

    public static string Require()
    {
        Prerequisite.RequireFile(Binary, "helm (hack/prereqs.d/25-helm-kubectl.sh)");
        return Binary;
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment) =>
        ProcessRunner.RunAsync(Require(), arguments, TimeSpan.FromMinutes(3), environment: environment, workingDirectory: RepoPaths.Root);

    /// <summary>helm template of the chart; fails the test with Helm's own message if rendering fails.</summary>
    public static async Task<string> TemplateAsync(params string[] extraArguments)
    {
        string[] arguments = ["template", "lxcfs-webhook", RepoPaths.Chart, "--namespace", "lxcfs", .. extraArguments];
        var result = await RunAsync(arguments);
        result.ExitCode.Should().Be(0, "helm template must render: {0}", result);
        return result.Stdout;
    }
}
