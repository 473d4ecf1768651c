using System.Text.Json.Nodes;
using Lxcfs.Testing;

namespace Lxcfs.Webhook.Tests.EndToEnd;

/// <summary>
/// A real etcd + kube-apiserver v1.20.2 started by hack/kube-rig.sh for the whole collection, and
/// kubectl against it. Requires the server built by hack/prereqs.d/30-kubernetes.sh and kubectl from
/// hack/prereqs.d/25-helm-kubectl.sh: missing ones fail the tests.
/// </summary>
public sealed class KubeRig : IAsyncLifetime
{
    private static readonly string s_cache = Environment.GetEnvironmentVariable("LXCFS_CACHE") ?? "/var/cache/lxcfs-webhook";

    public string RepoRoot { get; } = FindRepoRoot();

    public string StateDir { get; } = Path.Combine(Path.GetTempPath(), $"lxcfs-webhook-rig-{Guid.NewGuid():N}");

    public string Kubeconfig => Path.Combine(StateDir, "kubeconfig");

    public string Kubectl { get; } = Path.Combine(s_cache, "bin", "kubectl");

    public async ValueTask InitializeAsync()
    {
        var apiserver = Environment.GetEnvironmentVariable("KUBE_APISERVER_BIN") ?? Path.Combine(s_cache, "kubernetes", "kube-apiserver");
        Prerequisite.RequireFile(apiserver, "kube-apiserver built by hack/prereqs.d/30-kubernetes.sh");
        Prerequisite.RequireFile(Kubectl, "kubectl installed by hack/prereqs.d/25-helm-kubectl.sh");
        Prerequisite.RequireExecutable("etcd");
        Prerequisite.RequireExecutable("openssl");
        var up = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoRoot, "hack", "kube-rig.sh"), "up", StateDir], timeout: TimeSpan.FromMinutes(2));
        up.EnsureSuccess("hack/kube-rig.sh up");
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("bash", [Path.Combine(RepoRoot, "hack", "kube-rig.sh"), "down", StateDir]);

    public Task<ProcessResult> KubectlAsync(IEnumerable<string> arguments, string? stdin = null) =>
        ProcessRunner.RunAsync(Kubectl, arguments, TimeSpan.FromSeconds(60), stdin, new Dictionary<string, string> { ["KUBECONFIG"] = Kubeconfig });

    public async Task ApplyAsync(JsonNode manifest) =>
        (await KubectlAsync(["apply", "-f", "-"], manifest.ToJsonString())).EnsureSuccess("kubectl apply");

    public async Task<JsonObject> GetAsync(string kind, string name, string? ns = null)
    {
        string[] scope = ns is null ? [] : ["-n", ns];
        var result = (await KubectlAsync(["get", kind, name, "-o", "json", .. scope])).EnsureSuccess($"kubectl get {kind} {name}");
        return (JsonObject)JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Creates a namespace with the given labels.</summary>
    public async Task NamespaceAsync(string name, params (string Key, string Value)[] labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelObject },
        });
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LxcfsWebhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LxcfsWebhook.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class KubeRigGroup : ICollectionFixture<KubeRig>
{
    public const string Name = "kube-apiserver";
}
