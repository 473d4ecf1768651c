using Lxcfs.Chart.Tests;
using Lxcfs.Testing;

namespace Lxcfs.Node.Tests;

/// <summary>
/// The one-node cluster every scenario runs on: <c>hack/node.sh up</c> before the first test, <c>down</c>
/// after the last, which leaves the machine as it was. Everything the tests do goes through kubectl,
/// helm and the node script, as a user's would.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(40);

    public string StateDir { get; } = Path.Combine(Path.GetTempPath(), $"lxcfs-node-{Guid.NewGuid():N}"[..19]);

    public string Kubeconfig { get; private set; } = "";

    private static string Tool(string name) => Path.Combine(RepoPaths.Cache, "bin", name);

    public async ValueTask InitializeAsync()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireFile("/dev/fuse", "FUSE");
        Prerequisite.RequireFile(Path.Combine(RepoPaths.Cache, "kubernetes", "kubelet"), "the kubelet (hack/prereqs.d/30-kubernetes.sh)");
        Prerequisite.RequireFile("/usr/bin/containerd", "containerd (hack/prereqs.d/60-node.sh)");
        Prerequisite.RequireFile(Tool("helm"), "helm (hack/prereqs.d/25-helm-kubectl.sh)");

        Figures.Reset();
        var up = await NodeScriptAsync(UpTimeout, "up");
        if (up.ExitCode != 0)
        {
            // A fixture that fails to start is not disposed: take down what 'up' left.
            await NodeScriptAsync(TimeSpan.FromMinutes(5), "down");
            up.ExitCode.Should().Be(0, "hack/node.sh up must bring a Ready node: {0}", up);
        }

        Kubeconfig = up.Stdout.TrimEnd().Split('\n')[^1];
        File.Exists(Kubeconfig).Should().BeTrue("the last line of 'up' names the kubeconfig: {0}", up.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        var down = await NodeScriptAsync(TimeSpan.FromMinutes(5), "down");
        Directory.Exists(StateDir).Should().BeFalse("'down' removes its state: {0}", down);
    }

    /// <summary>hack/node.sh on this cluster's state: up, stop, restart COMPONENT, down.</summary>
    internal Task<ProcessResult> NodeScriptAsync(TimeSpan timeout, string verb, params string[] arguments) =>
        ProcessRunner.RunAsync("/bin/bash", [RepoPaths.Hack("node.sh"), verb, StateDir, .. arguments], timeout, workingDirectory: RepoPaths.Root);

    internal Task<ProcessResult> KubectlAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Tool("kubectl"), ["--kubeconfig", Kubeconfig, .. arguments], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root);

    internal Task<ProcessResult> HelmAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Tool("helm"), ["--kubeconfig", Kubeconfig, .. arguments], TimeSpan.FromMinutes(8), workingDirectory: RepoPaths.Root);

    /// <summary>kubectl that must succeed; its standard output.</summary>
    public async Task<string> Kubectl(params string[] arguments)
    {
        var result = await KubectlAsync(arguments);
        result.ExitCode.Should().Be(0, "kubectl {0}: {1}", string.Join(' ', arguments), result);
        return result.Stdout;
    }

    /// <summary>Applies a manifest given as YAML text.</summary>
    public async Task Apply(string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lxcfs-node-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            await Kubectl("apply", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Polls until the condition holds; fails with what it last saw when the deadline passes.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"{what} not within {timeout.TotalSeconds:0} s; last seen: {last}");
    }
}
