using k8s;
using Lxcfs.Testing;

namespace Lxcfs.Chart.Tests.Install;

/// <summary>
/// A real etcd + kube-apiserver v1.20.2 on loopback from hack/kube-rig.sh, shared by the install tests
/// of one class and stopped after them. No scheduler or kubelet: workloads are stored, nothing runs.
/// </summary>
public sealed class KubeRig : IAsyncLifetime
{
    /// <summary>Install test classes share this collection, so one API server runs at a time on small machines.</summary>
    public const string Collection = "kube-apiserver";

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"lxcfs-chart-rig-{Guid.NewGuid():N}");
    private bool _started;
    private Kubernetes? _client;

    public string Kubeconfig => Path.Combine(_state, "kubeconfig");

    public IKubernetes Client => _client ?? throw new InvalidOperationException("call StartAsync first");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Starts the API server on the first call. Done from the tests rather than the fixture's
    /// initialisation so a missing prerequisite fails (or, where allowed, skips) the test itself.
    /// </summary>
    public async Task<IKubernetes> StartAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        Helm.Require();
        Prerequisite.RequireFile(Path.Combine(RepoPaths.Cache, "kubernetes", "kube-apiserver"), "kube-apiserver (hack/prereqs.d/30-kubernetes.sh)");
        Prerequisite.RequireFile("/usr/bin/etcd", "etcd (hack/prereqs.d/30-kubernetes.sh)");
        _started = true;
        var up = await RigAsync("up");
        up.ExitCode.Should().Be(0, "the rig must start: {0}", up);
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        return _client;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_started)
        {
            await RigAsync("down");
        }
    }

    /// <summary>helm against this API server.</summary>
    internal Task<ProcessResult> HelmAsync(params string[] arguments) =>
        Helm.RunAsync([.. arguments, "--kubeconfig", Kubeconfig], null);

    private Task<ProcessResult> RigAsync(string verb) => ProcessRunner.RunAsync(
        "bash",
        [RepoPaths.Hack("kube-rig.sh"), verb, _state],
        TimeSpan.FromMinutes(2),
        environment: new Dictionary<string, string> { ["LXCFS_CACHE"] = RepoPaths.Cache },
        workingDirectory: RepoPaths.Root);
}
