using k8s.Models;

namespace Lxcfs.Chart.Tests;

/// <summary>The node daemon: what it needs from the host, where it runs, and how it is upgraded.</summary>
public sealed class DaemonSetTests
{
    [Fact]
    public async Task Daemon_runs_privileged_in_the_host_pid_namespace_on_every_node_as_node_critical()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);
        var pod = rendered.Daemon.Spec.Template.Spec;

        pod.HostPID.Should().BeTrue();
        rendered.DaemonContainer.SecurityContext.Privileged.Should().BeTrue();
        pod.PriorityClassName.Should().Be("system-node-critical");
        pod.Tolerations.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1Toleration { OperatorProperty = "Exists" },
            "a toleration with only operator Exists tolerates every taint");
        pod.AutomountServiceAccountToken.Should().BeFalse("the daemon never talks to the API server");
        pod.TerminationGracePeriodSeconds.Should().BeGreaterThanOrEqualTo(30);
        rendered.DaemonContainer.Lifecycle?.PreStop.Should().BeNull("a preStop unmount would break a hand-off to the successor");
    }

    [Fact]
    public async Task Mount_root_propagates_to_the_host_and_the_cgroup_tree_is_the_host_s()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);
        var pod = rendered.Daemon.Spec.Template.Spec;
        var mounts = rendered.DaemonContainer.VolumeMounts.ToDictionary(m => m.MountPath);

        mounts["/var/lib"].MountPropagation.Should().Be("Bidirectional", "the mount root's parent: a dead mount on the root itself cannot be stat'ed");
        mounts["/sys/fs/cgroup"].ReadOnlyProperty.Should().BeTrue();
        HostPath(pod, mounts["/var/lib"].Name).Should().BeEquivalentTo(new V1HostPathVolumeSource { Path = "/var/lib", Type = "DirectoryOrCreate" });
        HostPath(pod, mounts["/sys/fs/cgroup"].Name).Should().BeEquivalentTo(new V1HostPathVolumeSource { Path = "/sys/fs/cgroup", Type = "Directory" });
        HostPath(pod, mounts["/run/lxcfs"].Name).Path.Should().Be("/run/lxcfs");
    }

    [Fact]
    public async Task Default_flags_are_the_lxcfs_command_line_with_cfs_and_loadavg()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.DaemonContainer.Args.Should().Equal(
            "/var/lib/lxcfs", "--enable-cfs", "-l", "-f", "-p", "/run/lxcfs/lxcfs.pid", "--after-handoff", "wait", "--metrics-address", "0.0.0.0:9883");
        rendered.DaemonContainer.Command.Should().BeNull("the image's entrypoint is the daemon");
    }

    [Fact]
    public async Task Flags_and_mount_root_are_values()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "flags",
            "--set", "mountRoot=/run/lxcfs-views", "--set", "daemon.enableCfs=false", "--set", "daemon.enableLoadavg=false",
            "--set", "daemon.disableSwap=true", "--set", "daemon.extraArgs={-d}"));

        rendered.DaemonContainer.Args.Should().Equal("/run/lxcfs-views", "-u", "-f", "-p", "/run/lxcfs/lxcfs.pid", "--after-handoff", "wait", "--metrics-address", "0.0.0.0:9883", "-d");
        rendered.DaemonContainer.VolumeMounts.Should().Contain(m => m.MountPath == "/run" && m.MountPropagation == "Bidirectional");
        rendered.DaemonContainer.LivenessProbe.Exec.Command.Should().Equal("cat", "/run/lxcfs-views/proc/uptime");
        rendered.WebhookEnv("Webhook__MountRoot").Should().Be("/run/lxcfs-views");
    }

    [Fact]
    public async Task Liveness_reads_a_served_file_through_fuse()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        rendered.DaemonContainer.LivenessProbe.Exec.Command.Should().Equal("cat", "/var/lib/lxcfs/proc/uptime");
        rendered.DaemonContainer.LivenessProbe.TimeoutSeconds.Should().BeGreaterThan(1);
        rendered.DaemonContainer.ReadinessProbe.Exec.Command.Should().Equal("cat", "/var/lib/lxcfs/proc/uptime");
    }

    [Fact]
    public async Task Upgrade_surges_so_the_successor_starts_while_the_old_daemon_still_serves()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Default);

        var strategy = rendered.Daemon.Spec.UpdateStrategy;
        strategy.Type.Should().Be("RollingUpdate");
        strategy.RollingUpdate.MaxSurge.Value.Should().Be("1");
        strategy.RollingUpdate.MaxUnavailable.Value.Should().Be("0");
        rendered.Daemon.Spec.MinReadySeconds.Should().BeGreaterThan(0, "the old pod must outlive the hand-off");
        var run = rendered.DaemonContainer.VolumeMounts.Single(m => m.MountPath == "/run/lxcfs");
        rendered.Daemon.Spec.Template.Spec.Volumes.Single(v => v.Name == run.Name).HostPath.Path
            .Should().Be("/run/lxcfs", "old and new pod find each other's pidfile and hand-off socket on the host");
        rendered.DaemonContainer.Args.Should().ContainInOrder("-p", "/run/lxcfs/lxcfs.pid")
            .And.ContainInOrder("--after-handoff", "wait");
    }

    [Fact]
    public async Task On_1_20_which_has_no_surge_for_daemon_sets_one_node_at_a_time_restarts()
    {
        var rendered = await Rendered.OfAsync(RenderScenario.Kube120);

        var strategy = rendered.Daemon.Spec.UpdateStrategy;
        strategy.Type.Should().Be("RollingUpdate");
        strategy.RollingUpdate.MaxSurge.Should().BeNull("the 1.20 API server has no such field");
        strategy.RollingUpdate.MaxUnavailable.Value.Should().Be("1");
    }

    [Fact]
    public async Task Node_selector_and_tolerations_are_values()
    {
        var rendered = await Rendered.OfAsync(new RenderScenario(
            "placement", "--set", "daemon.nodeSelector.pool=jupyter", "--set", "daemon.tolerations[0].key=gpu",
            "--set", "daemon.tolerations[0].operator=Exists", "--set", "daemon.tolerations[0].effect=NoSchedule"));
        var pod = rendered.Daemon.Spec.Template.Spec;

        pod.NodeSelector.Should().Contain("pool", "jupyter").And.Contain("kubernetes.io/os", "linux");
        pod.Tolerations.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1Toleration { Effect = "NoSchedule", Key = "gpu", OperatorProperty = "Exists" });
    }

    private static V1HostPathVolumeSource HostPath(V1PodSpec pod, string volume) =>
        pod.Volumes.Should().ContainSingle(v => v.Name == volume).Subject.HostPath;
}
