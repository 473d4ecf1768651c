using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lxcfs.Chart.Tests;
using Lxcfs.Testing;

namespace Lxcfs.Node.Tests;

/// <summary>
/// The path a user takes, on a real kubelet with the images built here: helm install with default
/// values, one namespace label, and pods that see their own limits; then the daemon replaced, the
/// webhook gone, the node's runtime restarted and the node rebooted, and the release uninstalled.
/// </summary>
public sealed class UserPathTests(NodeCluster node)
{
    private const string Release = "lxcfs";
    private const string ReleaseNamespace = "lxcfs";
    private const string OptedIn = "e2e-opted-in";
    private const string NotOptedIn = "e2e-not-opted-in";
    private const string MountRoot = "/var/lib/lxcfs";
    private const string DaemonSelector = "app.kubernetes.io/component=daemon";
    private const string WebhookSelector = "app.kubernetes.io/component=webhook";

    private static readonly string Chart = Path.Combine(RepoPaths.Root, "charts", "lxcfs-webhook");

    [Fact, Step(1)]
    public async Task Helm_install_with_default_values_makes_the_daemon_and_the_webhook_ready()
    {
        var clock = Stopwatch.StartNew();
        var install = await node.HelmAsync("install", Release, Chart, "-n", ReleaseNamespace, "--create-namespace", "--wait", "--timeout", "5m");
        install.ExitCode.Should().Be(0, "helm install with no --set works on the node: {0}", install);
        var installed = clock.Elapsed;

        (await node.Kubectl("get", "daemonset", "-n", ReleaseNamespace, "-l", DaemonSelector, "-o", "jsonpath={.items[0].status.numberReady}"))
            .Should().Be("1");
        (await node.Kubectl("get", "deployment", "-n", ReleaseNamespace, "-l", WebhookSelector, "-o", "jsonpath={.items[0].status.readyReplicas}"))
            .Should().Be("2");
        // Self-managed certificates: the webhook writes its CA into the configurations itself.
        await NodeCluster.Eventually(
            () => node.Kubectl("get", "mutatingwebhookconfigurations", "-o", "jsonpath={.items[*].webhooks[*].clientConfig.caBundle}"),
            caBundle => caBundle.Length > 100, TimeSpan.FromMinutes(1), "the webhook's CA in its configuration");
        File.Exists($"{MountRoot}/proc/meminfo").Should().BeTrue("the daemon's mount propagates to the host");

        foreach (var (name, optedIn) in new[] { (OptedIn, true), (NotOptedIn, false) })
        {
            await node.Apply(Manifests.Namespace(name, optedIn));
        }

        Figures.Report("1 install", $"helm install --wait {installed.TotalSeconds:0.0} s; daemon 1/1 and webhook 2/2 Ready; CA injected");
    }

    [Fact, Step(2)]
    public async Task A_limited_pod_in_an_opted_in_namespace_sees_its_own_limits_in_every_tool()
    {
        var clock = Stopwatch.StartNew();
        await StartPod(OptedIn, "limited", Manifests.LimitedPod(OptedIn, "limited"));
        var started = clock.Elapsed;

        (await Mounted(OptedIn, "limited")).Should().BeTrue("the webhook mutated the pod");
        var view = await Exec(OptedIn, "limited", """
            grep MemTotal /proc/meminfo
            echo online=$(cat /sys/devices/system/cpu/online)
            echo processors=$(grep -c ^processor /proc/cpuinfo)
            echo statcpus=$(grep -c '^cpu[0-9]' /proc/stat)
            free -m | awk '/^Mem:/ { print "free-total=" $2 }'
            top -bn1 | grep 'Mem :'
            echo init-$(cat /seen/init-meminfo) init-online=$(cat /seen/init-online)
            """);

        view.Should().MatchRegex(@"(?m)^MemTotal:\s+307200 kB$");
        var online = Regex.Match(view, @"online=(\S+)").Groups[1].Value;
        online.Should().MatchRegex(@"^\d+$", "one CPU (the 1-CPU quota) is online");
        view.Should().Contain("processors=1").And.Contain("statcpus=1").And.Contain("free-total=300");
        view.Should().MatchRegex(@"MiB Mem :\s+300\.0 total");
        view.Should().MatchRegex(@"init-MemTotal:\s+307200 kB init-online=" + online, "init containers get the view too");

        Figures.Report("2 limited pod", $"started and mutated in {started.TotalSeconds:0.0} s; MemTotal 307200 kB, online={online}, cpuinfo 1, stat 1, free 300 MiB, top 300.0 MiB; init container the same");
    }

    [Fact, Step(3)]
    public async Task Helm_test_passes_with_the_charts_own_check()
    {
        // The chart's test pod runs busybox; the node has Debian's, under its own version.
        var busybox = await ProcessRunner.RunAsync("busybox", [], workingDirectory: RepoPaths.Root);
        var version = Regex.Match(busybox.Stdout + busybox.Stderr, @"BusyBox v([0-9.]+)").Groups[1].Value;
        version.Should().NotBeEmpty("busybox-static is installed: {0}", busybox);
        var upgrade = await node.HelmAsync("upgrade", Release, Chart, "-n", ReleaseNamespace, "--reuse-values",
            "--set", "test.image.repository=lxcfs-e2e/busybox", "--set", $"test.image.tag={version}", "--wait", "--timeout", "3m");
        upgrade.ExitCode.Should().Be(0, "helm upgrade of the test image: {0}", upgrade);

        // No --logs: the test pod is deleted once it succeeds (hook-delete-policy hook-succeeded).
        var test = await node.HelmAsync("test", Release, "-n", ReleaseNamespace, "--timeout", "3m");

        test.ExitCode.Should().Be(0, "helm test: {0}", test);
        test.Stdout.Should().MatchRegex(@"TEST SUITE:\s+lxcfs-lxcfs-webhook-test-limits\s+Last Started:.*\s+Last Completed:.*\s+Phase:\s+Succeeded");
        Figures.Report("2b helm test", $"the chart's test pod (128Mi, 500m, busybox {version}) saw MemTotal 131072 kB and 1 CPU: Succeeded");
    }

    [Fact, Step(4)]
    public async Task A_pod_that_opts_out_and_a_pod_in_an_unlabelled_namespace_see_the_host()
    {
        await StartPod(OptedIn, "opted-out", Manifests.LimitedPod(OptedIn, "opted-out", optOut: true));
        await StartPod(NotOptedIn, "unlabelled", Manifests.LimitedPod(NotOptedIn, "unlabelled"));
        var hostMemTotal = HostMemTotal();

        foreach (var (ns, pod) in new[] { (OptedIn, "opted-out"), (NotOptedIn, "unlabelled") })
        {
            (await Mounted(ns, pod)).Should().BeFalse("{0}/{1} is left alone", ns, pod);
            (await Exec(ns, pod, "grep MemTotal /proc/meminfo")).Should().MatchRegex($@"^MemTotal:\s+{hostMemTotal} kB");
        }

        Figures.Report("3 left alone", $"opt-out annotation and unlabelled namespace: not mutated, MemTotal {hostMemTotal} kB (the host's)");
    }

    [Fact, Step(5)]
    public async Task A_reading_pod_survives_the_daemon_killed_its_pod_deleted_and_a_helm_upgrade_of_its_arguments()
    {
        await StartPod(OptedIn, "reader", Manifests.LimitedPod(OptedIn, "reader", command: ReaderScript.Source));
        var containerId = await ContainerId(OptedIn, "reader");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var crashed = await ReplaceDaemon(
            "daemon killed",
            async () =>
            {
                var pod = (await node.Kubectl("get", "pods", "-n", ReleaseNamespace, "-l", DaemonSelector, "-o", "jsonpath={.items[0].metadata.name}")).Trim();
                // A crash: no unmount, the dead FUSE mount stays on the host's mount root, and the
                // kubelet restarts the container over it.
                // The exec dies with the container it runs in: its exit status says nothing.
                return (await node.KubectlAsync("exec", "-n", ReleaseNamespace, pod, "--", "sh", "-c", "kill -KILL $(cat /run/lxcfs/lxcfs.pid)")).Stdout;
            });
        var deleted = await ReplaceDaemon(
            "daemon pod deleted",
            () => node.Kubectl("delete", "pod", "-n", ReleaseNamespace, "-l", DaemonSelector, "--wait=false"));
        var upgraded = await ReplaceDaemon(
            "helm upgrade -u",
            async () =>
            {
                var upgrade = await node.HelmAsync("upgrade", Release, Chart, "-n", ReleaseNamespace, "--reuse-values",
                    "--set", "daemon.disableSwap=true", "--wait", "--timeout", "5m");
                upgrade.ExitCode.Should().Be(0, "helm upgrade: {0}", upgrade);
                return upgrade.Stdout;
            });

        (await node.Kubectl("get", "daemonset", "-n", ReleaseNamespace, "-l", DaemonSelector, "-o", "jsonpath={.items[0].spec.template.spec.containers[0].args}"))
            .Should().Contain("-u", "the upgrade changed the daemon's arguments");
        (await ContainerId(OptedIn, "reader")).Should().Be(containerId, "the reader is never restarted");
        Figures.Report("4 daemon replaced", $"{crashed}; {deleted}; {upgraded}; reader never restarted");
    }

    [Fact, Step(6)]
    public async Task With_the_webhook_scaled_to_zero_pods_are_still_created_unmutated_and_mutated_again_after()
    {
        var deployment = (await node.Kubectl("get", "deployment", "-n", ReleaseNamespace, "-l", WebhookSelector, "-o", "name")).Trim();
        await node.Kubectl("scale", deployment, "-n", ReleaseNamespace, "--replicas", "0");
        // Setup, not the claim: the kubelet (1.20) once took over a minute to finish both pods' termination
        // (15 s of graceful shutdown each, then its own sync) while the node was busy.
        await NodeCluster.Eventually(
            () => node.Kubectl("get", "pods", "-n", ReleaseNamespace, "-l", WebhookSelector, "-o", "name"),
            pods => pods.Trim().Length == 0, TimeSpan.FromMinutes(3), "no webhook pod");

        var clock = Stopwatch.StartNew();
        await StartPod(OptedIn, "while-down", Manifests.LimitedPod(OptedIn, "while-down"));
        var createdWhileDown = clock.Elapsed;
        (await Mounted(OptedIn, "while-down")).Should().BeFalse("failurePolicy Ignore admits the pod as it is");

        await node.Kubectl("scale", deployment, "-n", ReleaseNamespace, "--replicas", "1");
        await node.Kubectl("rollout", "status", deployment, "-n", ReleaseNamespace, "--timeout", "3m");
        await StartPod(OptedIn, "after-up", Manifests.LimitedPod(OptedIn, "after-up"));
        (await Mounted(OptedIn, "after-up")).Should().BeTrue("a webhook back up mutates new pods");
        (await Exec(OptedIn, "after-up", "grep MemTotal /proc/meminfo")).Should().MatchRegex(@"^MemTotal:\s+307200 kB");

        Figures.Report("5 webhook down", $"pod created and Running in {createdWhileDown.TotalSeconds:0.0} s unmutated with 0 replicas; mutated again with 1");
    }

    [Fact, Step(7)]
    public async Task Running_pods_keep_their_view_through_runtime_restarts_and_get_it_back_after_a_reboot()
    {
        var figures = new List<string>();
        foreach (var component in new[] { "containerd", "kubelet" })
        {
            var clock = Stopwatch.StartNew();
            var restart = await node.NodeScriptAsync(TimeSpan.FromMinutes(5), "restart", component);
            restart.ExitCode.Should().Be(0, "restart {0}: {1}", component, restart);
            // The kubelet redials the runtime with a back-off: exec may fail for a moment after a restart.
            await NodeCluster.Eventually(
                async () => (await node.KubectlAsync("exec", "-n", OptedIn, "limited", "-c", "main", "--", "grep", "MemTotal", "/proc/meminfo")).Stdout,
                output => Regex.IsMatch(output, @"^MemTotal:\s+307200 kB"), TimeSpan.FromMinutes(1), $"the view after the {component} restart");
            (await RestartCount(OptedIn, "limited")).Should().Be(0, "a runtime restart leaves containers running");
            figures.Add($"{component} restarted in {clock.Elapsed.TotalSeconds:0.0} s, view kept");
        }

        var reboot = Stopwatch.StartNew();
        var stop = await node.NodeScriptAsync(TimeSpan.FromMinutes(5), "stop");
        stop.ExitCode.Should().Be(0, "power cut: {0}", stop);
        File.ReadAllText("/proc/mounts").Should().NotContain($" {MountRoot} fuse", "the FUSE mount is gone with the daemon");
        var up = await node.NodeScriptAsync(TimeSpan.FromMinutes(20), "up");
        up.ExitCode.Should().Be(0, "boot: {0}", up);

        foreach (var (ns, pod, memTotal) in new[] { (OptedIn, "limited", "307200"), (NotOptedIn, "unlabelled", HostMemTotal()) })
        {
            var view = await NodeCluster.Eventually(
                async () => (await node.KubectlAsync("exec", "-n", ns, pod, "-c", "main", "--", "sh", "-c",
                    "grep MemTotal /proc/meminfo; stat -c %F /proc/meminfo /proc/cpuinfo /sys/devices/system/cpu/online")).Stdout,
                output => Regex.IsMatch(output, $@"^MemTotal:\s+{memTotal} kB"), TimeSpan.FromMinutes(5), $"{ns}/{pod} back with its view");
            view.Should().NotContain("directory", "no hostPath turned into a directory");
        }

        Directory.Exists($"{MountRoot}/proc/meminfo").Should().BeFalse();
        figures.Add($"reboot (all killed, FUSE mount gone) to pods back with their view in {reboot.Elapsed.TotalSeconds:0} s, no hostPath became a directory");
        Figures.Report("6 node restarts", string.Join("; ", figures));
    }

    [Fact, Step(8)]
    public async Task Helm_uninstall_leaves_mutated_pods_running_without_their_view_and_new_pods_unmutated()
    {
        var uninstall = await node.HelmAsync("uninstall", Release, "-n", ReleaseNamespace, "--wait", "--timeout", "3m");
        uninstall.ExitCode.Should().Be(0, "helm uninstall: {0}", uninstall);

        (await node.Kubectl("get", "mutatingwebhookconfigurations,validatingwebhookconfigurations", "-o", "name")).Trim()
            .Should().BeEmpty("nothing is left to intercept pod creation");
        var read = await NodeCluster.Eventually(
            () => node.KubectlAsync("exec", "-n", OptedIn, "limited", "-c", "main", "--", "cat", "/proc/meminfo"),
            result => result.ExitCode != 0, TimeSpan.FromMinutes(1), "the view gone with the daemon");
        read.Stderr.Should().Contain("Transport endpoint is not connected", "docs/install.md: the files become unreadable");
        (await node.Kubectl("get", "pod", "-n", OptedIn, "limited", "-o", "jsonpath={.status.phase}")).Should().Be("Running");

        await StartPod(OptedIn, "after-uninstall", Manifests.LimitedPod(OptedIn, "after-uninstall"));
        (await Mounted(OptedIn, "after-uninstall")).Should().BeFalse();
        Figures.Report("7 uninstall", "webhook configurations gone; mutated pod Running, its files unreadable (ENOTCONN), as docs/install.md says; new pods unmutated");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private async Task StartPod(string ns, string name, string manifest)
    {
        await node.Apply(manifest);
        await node.Kubectl("wait", "--for=condition=Ready", $"pod/{name}", "-n", ns, "--timeout=180s");
    }

    private async Task<bool> Mounted(string ns, string pod) =>
        (await node.Kubectl("get", "pod", "-n", ns, pod, "-o", "jsonpath={.spec.volumes[*].hostPath.path}"))
        .Contains($"{MountRoot}/proc/meminfo", StringComparison.Ordinal);

    private Task<string> Exec(string ns, string pod, string script) =>
        node.Kubectl("exec", "-n", ns, pod, "-c", "main", "--", "sh", "-c", script);

    private Task<string> ContainerId(string ns, string pod) =>
        node.Kubectl("get", "pod", "-n", ns, pod, "-o", "jsonpath={.status.containerStatuses[0].containerID}");

    private async Task<int> RestartCount(string ns, string pod) =>
        int.Parse(await node.Kubectl("get", "pod", "-n", ns, pod, "-o", "jsonpath={.status.containerStatuses[0].restartCount}"), CultureInfo.InvariantCulture);

    private static string HostMemTotal() =>
        Regex.Match(File.ReadAllText("/proc/meminfo"), @"^MemTotal:\s+(\d+) kB", RegexOptions.Multiline).Groups[1].Value;

    // The new daemon re-binds the reader's files right after it mounts (docs/healing.md: about 0.1 s for
    // 20 containers); the bound leaves room for a loaded machine, where a kubelet restart of the reader
    // would take far longer than this anyway.
    private const double RecoveryBound = 5.0;

    /// <summary>
    /// Replaces the node's daemon with <paramref name="action"/> while the reader pod reads: watches when
    /// the host's mount stops and starts serving again, then holds the reader's report against it.
    /// </summary>
    private async Task<string> ReplaceDaemon(string what, Func<Task<string>> action)
    {
        var before = await ReaderReport();
        const string daemonInstances = "jsonpath={range .items[*]}{.metadata.name}/{.status.containerStatuses[0].restartCount}={.status.containerStatuses[0].ready} {end}";
        var oldInstance = (await node.Kubectl("get", "pods", "-n", ReleaseNamespace, "-l", DaemonSelector, "-o", daemonInstances)).Trim();
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(() => WatchHostMount(watching.Token));

        await action();
        // A new pod, or the same pod with its container restarted, Ready and alone.
        await NodeCluster.Eventually(
            () => node.Kubectl("get", "pods", "-n", ReleaseNamespace, "-l", DaemonSelector, "-o", daemonInstances),
            pods => pods.Trim() is { Length: > 0 } p && p != oldInstance
                && !p.Contains(' ', StringComparison.Ordinal) && p.EndsWith("=true", StringComparison.Ordinal),
            TimeSpan.FromMinutes(3), "a new daemon Ready");
        // Enough time for the reader to show any late failure.
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await watching.CancelAsync();
        var (gapStart, servingAgain) = await watcher;
        var after = await ReaderReport();

        var failed = after.Failed - before.Failed;
        var wrong = after.Wrong - before.Wrong;
        var recovered = failed == 0 ? 0 : after.LastFailure - servingAgain;
        var gap = gapStart is { } start ? $"host mount gone for {servingAgain - start:0.00} s" : "host mount never gone";
        var errors = string.Join(", ", after.Errors.Except(before.Errors).Select(e => e[(e.IndexOf(": ", StringComparison.Ordinal) + 2)..e.LastIndexOf(" (", StringComparison.Ordinal)]).Distinct());
        var figures = $"{what}: {after.Reads - before.Reads} reads, {failed} failed ({errors}), {wrong} wrong, {gap}, reader's last failure {Math.Max(recovered, 0):0.00} s after the new daemon served";
        if (wrong != 0 || recovered > RecoveryBound)
        {
            // CI shows only the message: the figures and the new daemon's own account go with it.
            var log = await node.KubectlAsync("logs", "-n", ReleaseNamespace, "-l", DaemonSelector, "--tail", "30");
            wrong.Should().Be(0, "{0}: every read the reader got is its own view: {1}\n{2}", what, after.WrongSamples, figures);
            recovered.Should().BeLessThanOrEqualTo(RecoveryBound,
                "the reader reads its view again within {0} s of the new daemon serving\n{1}\nreader errors: {2}\ndaemon log:\n{3}",
                RecoveryBound, figures, string.Join(", ", after.Errors), log.Stdout);
        }

        return figures;
    }

    /// <summary>When the host's view stopped answering (if it did) and when it answered again, in Unix seconds.</summary>
    private static async Task<(double? GapStart, double ServingAgain)> WatchHostMount(CancellationToken stop)
    {
        double? gapStart = null;
        var servingAgain = Now();
        var serving = true;
        while (!stop.IsCancellationRequested)
        {
            bool now;
            try
            {
                now = (await File.ReadAllTextAsync($"{MountRoot}/proc/uptime", CancellationToken.None)).Length > 0;
            }
            catch (IOException)
            {
                now = false;
            }

            if (serving && !now)
            {
                gapStart ??= Now();
            }
            else if (!serving && now)
            {
                servingAgain = Now();
            }

            serving = now;
            await Task.Delay(20, CancellationToken.None);
        }

        return (gapStart, servingAgain);
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The reader's counters; <see cref="Errors"/> are "path: strerror (count)" entries.</summary>
    private sealed record Report(long Reads, long Failed, long Wrong, double LastFailure, IReadOnlyList<string> Errors, string WrongSamples);

    private async Task<Report> ReaderReport()
    {
        using var json = JsonDocument.Parse(await node.Kubectl("exec", "-n", OptedIn, "reader", "-c", "main", "--", "cat", "/tmp/report.json"));
        var root = json.RootElement;
        return new Report(
            root.GetProperty("reads").GetInt64(),
            root.GetProperty("failed").GetInt64(),
            root.GetProperty("wrong").GetInt64(),
            root.GetProperty("last_failure").ValueKind == JsonValueKind.Number ? root.GetProperty("last_failure").GetDouble() : 0,
            root.GetProperty("errors").EnumerateObject().Select(e => $"{e.Name} ({e.Value.GetInt64()})").ToList(),
            root.GetProperty("wrong_samples").GetRawText());
    }
}
