using k8s.Models;
using Lxcfs.Testing;

namespace Lxcfs.Chart.Tests;

/// <summary>deploy/ is the chart rendered with default values, ready for `kubectl apply`.</summary>
public sealed class DeployManifestsTests
{
    private static string Manifest => Path.Combine(RepoPaths.Deploy, "lxcfs-webhook.yaml");

    [Fact]
    public async Task Deploy_matches_a_fresh_render_of_the_chart()
    {
        Helm.Require();

        var result = await RunChartScriptAsync(RepoPaths.Root, "check");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().Contain("deploy/ matches the chart");
    }

    [Fact]
    public async Task The_check_fails_when_deploy_is_stale()
    {
        Helm.Require();
        var copy = Directory.CreateTempSubdirectory("lxcfs-chart-test-");
        try
        {
            CopyTree(RepoPaths.Chart, Path.Combine(copy.FullName, "charts", "lxcfs-webhook"));
            Directory.CreateDirectory(Path.Combine(copy.FullName, "hack"));
            Directory.CreateDirectory(Path.Combine(copy.FullName, "deploy"));
            File.Copy(RepoPaths.Hack("chart.sh"), Path.Combine(copy.FullName, "hack", "chart.sh"));
            File.Copy(RepoPaths.Hack("lib.sh"), Path.Combine(copy.FullName, "hack", "lib.sh"));
            var stale = File.ReadAllText(Manifest).Replace("failurePolicy: Ignore", "failurePolicy: Fail", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(copy.FullName, "deploy", "lxcfs-webhook.yaml"), stale);

            var result = await RunChartScriptAsync(copy.FullName, "check");

            result.ExitCode.Should().NotBe(0);
            result.Stderr.Should().Contain("+    failurePolicy: Ignore").And.Contain("deploy/ is out of date");
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void Deploy_parses_strictly_and_puts_every_namespaced_object_in_the_lxcfs_namespace()
    {
        var objects = StrictManifests.Parse(File.ReadAllText(Manifest));

        objects[0].Should().BeOfType<V1Namespace>().Which.Metadata.Name.Should().Be("lxcfs");
        var clusterScoped = new[] { "Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" };
        objects.Where(o => !clusterScoped.Contains(o.Kind)).Should().HaveCountGreaterThan(5)
            .And.AllSatisfy(o => o.Metadata.NamespaceProperty.Should().Be("lxcfs", "{0}/{1} must land in the namespace", o.Kind, o.Metadata.Name));
        objects.Should().NotContain(o => o.Metadata.Annotations != null && o.Metadata.Annotations.ContainsKey("helm.sh/hook"),
            "helm test hooks are not for kubectl apply");
    }

    private static Task<ProcessResult> RunChartScriptAsync(string root, string mode) => ProcessRunner.RunAsync(
        "bash",
        [Path.Combine(root, "hack", "chart.sh"), mode],
        environment: new Dictionary<string, string> { ["LXCFS_CACHE"] = RepoPaths.Cache },
        workingDirectory: RepoPaths.Root);

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
