using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>Every refusal to start is one clear line on stderr and exit code 1.</summary>
public sealed class StartupErrorTests
{
    [Fact]
    public void A_second_instance_on_the_same_pidfile_refuses_to_start()
    {
        using var running = DaemonProcess.Start();

        var second = RunDaemon(Path.Combine(running.WorkDir, "other-mnt"), "-p", running.PidFile);

        second.ExitCode.Should().Be(1);
        second.Stderr.Should().Be($"lxcfs-daemon: error: pidfile {running.PidFile} is locked by another running instance (pid {running.Pid})\n");
    }

    [Fact]
    public void A_live_mount_at_the_mount_point_is_refused()
    {
        using var running = DaemonProcess.Start();

        var second = RunDaemon(running.MountPoint, "-p", Path.Combine(running.WorkDir, "second.pid"));

        second.ExitCode.Should().Be(1);
        second.Stderr.Should().Be($"lxcfs-daemon: error: {running.MountPoint} is already mounted (fuse.lxcfs) and answering: is another instance running?\n");
        File.ReadAllText(Path.Combine(running.MountPoint, "proc/uptime")).Should().NotBeEmpty("the running instance is untouched");
    }

    [Fact]
    public void A_mount_point_that_is_a_file_is_refused()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "file");
        File.WriteAllText(file, "x");

        var result = RunDaemon(file, "-p", Path.Combine(dir.Path, "pid"));

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Be($"lxcfs-daemon: error: mount point {file} is not a directory\n");
    }

    [Fact]
    public void A_non_empty_mount_point_needs_o_nonempty()
    {
        using var dir = new TempDir();
        var mnt = Directory.CreateDirectory(Path.Combine(dir.Path, "mnt")).FullName;
        File.WriteAllText(Path.Combine(mnt, "leftover"), "x");

        var refused = RunDaemon(mnt, "-p", Path.Combine(dir.Path, "pid"));

        refused.ExitCode.Should().Be(1);
        refused.Stderr.Should().Be($"lxcfs-daemon: error: mount point {mnt} is not empty (use -o nonempty to mount over it)\n");
        using var accepted = DaemonProcess.Start(mountPoint: mnt, extraArgs: ["-o", "nonempty,allow_other"], workDir: Directory.CreateTempSubdirectory("lxcfs-test-").FullName);
        File.Exists(Path.Combine(mnt, "proc/meminfo")).Should().BeTrue();
    }

    [Fact]
    public void A_missing_dev_fuse_is_one_clear_line()
    {
        DaemonProcess.RequirePrerequisites();
        using var dir = new TempDir();
        var command = DaemonProcess.DaemonCommand([Path.Combine(dir.Path, "mnt"), "-p", Path.Combine(dir.Path, "pid")]);
        var invocation = string.Join(' ', new[] { command.FileName }.Concat(command.ArgumentList).Select(a => $"'{a}'"));

        // A private mount namespace whose /dev has no fuse node.
        var result = ProcessRunner.Run("unshare", ["--mount", "--propagation", "private", "sh", "-c", $"mount -t tmpfs none /dev && exec {invocation}"]);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Be("lxcfs-daemon: error: /dev/fuse is missing: load the fuse module or give the container the device\n");
    }

    [Theory]
    [InlineData("--bogus", "lxcfs-daemon: unknown option --bogus")]
    [InlineData("", "lxcfs-daemon: missing mount point")]
    [InlineData("-o", "lxcfs-daemon: -o needs a comma-separated option list")]
    [InlineData("--metrics-address=9883", "lxcfs-daemon: --metrics-address needs an IP address and a port, e.g. 0.0.0.0:9883 or [::]:9883")]
    public void Bad_command_lines_print_the_reason_and_usage(string arg, string firstLine)
    {
        var result = ProcessRunner.Run(DaemonFile(out var prefix), [.. prefix, .. arg.Length == 0 ? Array.Empty<string>() : [arg]]);

        result.ExitCode.Should().Be(1);
        result.Stderr.Split('\n')[0].Should().Be(firstLine);
        result.Stderr.Should().Contain("Usage: lxcfs-daemon <mountpoint> [options]");
    }

    [Fact]
    public void Version_and_help_go_to_stdout_with_exit_0()
    {
        var file = DaemonFile(out var prefix);

        ProcessRunner.Run(file, [.. prefix, "-v"]).Should().Be(new ProcessResult(0, "0.1.0\n", string.Empty));
        ProcessRunner.Run(file, [.. prefix, "--help"]).Stdout.Should().StartWith("Usage: lxcfs-daemon <mountpoint> [options]");
    }

    private static ProcessResult RunDaemon(params string[] args)
    {
        var command = DaemonProcess.DaemonCommand(args);
        return ProcessRunner.Run(command.FileName, command.ArgumentList, TimeSpan.FromSeconds(30));
    }

    private static string DaemonFile(out string[] prefix)
    {
        var command = DaemonProcess.DaemonCommand([]);
        prefix = [.. command.ArgumentList];
        return command.FileName;
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("lxcfs-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
