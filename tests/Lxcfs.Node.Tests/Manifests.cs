namespace Lxcfs.Node.Tests;

/// <summary>The namespaces and pods the scenarios create, as a user would write them.</summary>
internal static class Manifests
{
    /// <summary>Built here from Debian packages (procps, util-linux, python3) and loaded by hack/node.sh.</summary>
    public const string ToolsImage = "lxcfs-e2e/tools:bookworm";

    public const string OptInLabel = "lxcfs-admission-webhook";

    public static string Namespace(string name, bool optedIn) => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{name}}
          labels: {{{(optedIn ? $"{OptInLabel}: enabled" : "")}}}
        """;

    /// <summary>
    /// A pod limited to 300Mi and one CPU whose init container records what it saw in a shared
    /// volume, and whose main container sleeps (or runs <paramref name="command"/>) for kubectl exec.
    /// </summary>
    public static string LimitedPod(string ns, string name, bool optOut = false, string? command = null) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
          annotations: {{{(optOut ? $"{OptInLabel}/mutate: \"false\"" : "")}}}
        spec:
          terminationGracePeriodSeconds: 1
          initContainers:
            - name: init
              image: {{ToolsImage}}
              command: [sh, -c, "grep MemTotal /proc/meminfo > /seen/init-meminfo && cat /sys/devices/system/cpu/online > /seen/init-online"]
              resources: {{Limits}}
              volumeMounts: [{name: seen, mountPath: /seen}]
          containers:
            - name: main
              image: {{ToolsImage}}
              command: [python3, -c, {{Quote(command ?? "import time\nwhile True: time.sleep(3600)")}}]
              resources: {{Limits}}
              volumeMounts: [{name: seen, mountPath: /seen}]
          volumes:
            - name: seen
              emptyDir: {}
        """;

    // Small requests, so that the scenarios' pods all fit on a two-CPU node at once.
    private const string Limits = "{limits: {memory: 300Mi, cpu: \"1\"}, requests: {memory: 32Mi, cpu: 10m}}";

    private static string Quote(string script) => System.Text.Json.JsonSerializer.Serialize(script);
}
