using Lxcfs.Daemon.Cli;
using Lxcfs.Daemon.Hosting;
using Lxcfs.Fuse.Session;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void The_command_line_lxcfs_users_write_is_understood()
    {
        var result = CommandLine.Parse(["/var/lib/lxcfs", "--enable-cfs", "-l", "-u", "-f", "-p", "/run/x.pid", "-o", "allow_other,nonempty,max_read=65536,fsname=lxcfs"]);

        var options = result.Should().BeOfType<CommandLineResult.Run>().Which.Options;
        options.Should().BeEquivalentTo(new DaemonOptions
        {
            MountPoint = "/var/lib/lxcfs",
            Views = new ViewOptions(EnableCfs: true, EnableLoadavg: true, DisableSwap: true),
            PidFile = "/run/x.pid",
            Mount = new FuseMountOptions { NonEmpty = true, MaxRead = 65536 },
            IgnoredMountOptions = ["fsname=lxcfs"],
            HandoffSocket = "/run/x.handoff.sock",
        });
    }

    [Fact]
    public void Defaults_match_lxcfs()
    {
        var options = ((CommandLineResult.Run)CommandLine.Parse(["mnt"])).Options;

        options.MountPoint.Should().Be(Path.GetFullPath("mnt"));
        options.PidFile.Should().Be("/run/lxcfs.pid");
        options.Views.Should().Be(new ViewOptions(EnableCfs: false, EnableLoadavg: false, DisableSwap: false));
        options.Mount.Data(3).Should().Be("fd=3,rootmode=40000,user_id=0,group_id=0,allow_other");
        options.HandoffSocket.Should().Be("/run/lxcfs.handoff.sock", "the hand-off socket sits beside the pidfile");
        options.AfterHandoff.Should().Be(AfterHandoff.Exit);
        options.Heal.Should().BeTrue();
    }

    [Fact]
    public void The_lxcfs_6_flag_enable_cgroup_is_accepted_and_only_remembered()
    {
        // LXCFS 6.0's own test runner starts it as 'lxcfs --enable-cgroup -p PIDFILE DIR'.
        var options = ((CommandLineResult.Run)CommandLine.Parse(["--enable-cgroup", "-p", "/tmp/x.pid", "mnt"])).Options;

        options.Should().BeEquivalentTo(new DaemonOptions
        {
            MountPoint = Path.GetFullPath("mnt"),
            PidFile = "/tmp/x.pid",
            HandoffSocket = "/tmp/x.handoff.sock",
            CgroupRequested = true,
        });
        ((CommandLineResult.Run)CommandLine.Parse(["mnt"])).Options.CgroupRequested.Should().BeFalse();
    }

    [Theory]
    [InlineData("/run/lxcfs.pid", "/run/lxcfs.handoff.sock")]
    [InlineData("/tmp/tmp.Xa3kQ9vZ2b", "/tmp/tmp.Xa3kQ9vZ2b.handoff.sock")]
    [InlineData("/var/run/lxcfs", "/var/run/lxcfs.handoff.sock")]
    [InlineData("/run/lxcfs.pidfile", "/run/lxcfs.pidfile.handoff.sock")]
    public void The_default_hand_off_socket_is_the_pidfile_without_pid_plus_handoff_sock(string pidFile, string socket)
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "-p", pidFile])).Options.HandoffSocket.Should().Be(socket);
    }

    [Fact]
    public void Two_mktemp_pidfiles_get_two_hand_off_sockets()
    {
        // LXCFS's test runners name their pidfiles with mktemp: one socket for all would let each new
        // instance delete the running one's.
        string Socket(string pidFile) => ((CommandLineResult.Run)CommandLine.Parse(["mnt", "-p", pidFile])).Options.HandoffSocket!;

        Socket("/tmp/tmp.xTeEXBcac2").Should().NotBe(Socket("/tmp/tmp.a1UAwkJMtE"));
    }

    [Fact]
    public void Hand_off_and_healing_options()
    {
        var options = ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--handoff-socket", "none", "--after-handoff", "wait", "--no-heal"])).Options;

        options.HandoffSocket.Should().BeNull();
        options.AfterHandoff.Should().Be(AfterHandoff.Wait);
        options.Heal.Should().BeFalse();
        CommandLine.Parse(["mnt", "--after-handoff", "later"]).Should().Be(new CommandLineResult.Invalid("--after-handoff takes exit or wait"));
    }

    [Fact]
    public void Reader_threads_default_to_one_per_cpu_within_bounds_and_can_be_set()
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt"])).Options.Readers.Should().Be(Math.Clamp(Environment.ProcessorCount, 2, 8));
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--readers", "1"])).Options.Readers.Should().Be(1);
        CommandLine.Parse(["mnt", "--readers", "0"]).Should().Be(new CommandLineResult.Invalid("--readers needs a number from 1 to 64"));
        CommandLine.Parse(["mnt", "--readers"]).Should().Be(new CommandLineResult.Invalid("--readers needs a number from 1 to 64"));
    }

    [Theory]
    [InlineData("0.0.0.0:9883", "0.0.0.0:9883")]
    [InlineData("127.0.0.1:1", "127.0.0.1:1")]
    [InlineData("[::]:9883", "[::]:9883")]
    [InlineData("[::1]:65535", "[::1]:65535")]
    public void Metrics_are_served_at_an_ip_address_and_port(string value, string endpoint)
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--metrics-address", value])).Options.MetricsAddress.Should().Be(System.Net.IPEndPoint.Parse(endpoint));
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", $"--metrics-address={value}"])).Options.MetricsAddress!.ToString().Should().Be(endpoint);
    }

    [Fact]
    public void Metrics_are_off_by_default_as_lxcfs_has_none()
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt"])).Options.MetricsAddress.Should().BeNull();
    }

    [Theory]
    [InlineData("9883")]
    [InlineData(":9883")]
    [InlineData("0.0.0.0")]
    [InlineData("0.0.0.0:")]
    [InlineData("0.0.0.0:0")]
    [InlineData("0.0.0.0:65536")]
    [InlineData("0.0.0.0:+80")]
    [InlineData("localhost:9883")]
    [InlineData("::1:9883")]
    [InlineData("[127.0.0.1]:9883")]
    [InlineData("[::1:9883")]
    [InlineData("[fe80::1%eth0]:9883")]
    [InlineData("")]
    public void A_metrics_address_that_is_not_an_ip_address_and_port_is_refused(string value)
    {
        CommandLine.Parse(["mnt", "--metrics-address", value])
            .Should().Be(new CommandLineResult.Invalid("--metrics-address needs an IP address and a port, e.g. 0.0.0.0:9883 or [::]:9883"));
        CommandLine.Parse(["mnt", "--metrics-address", "127.0.0.1:1", "--metrics-address", "127.0.0.1:2"])
            .Should().Be(new CommandLineResult.Invalid("--metrics-address may be given only once"));
    }

    [Fact]
    public void Runtime_dir_places_the_default_pidfile()
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--runtime-dir", "/tmp/rt"])).Options.PidFile.Should().Be("/tmp/rt/lxcfs.pid");
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--runtime-dir=/tmp/rt", "--pidfile=/a.pid"])).Options.PidFile.Should().Be("/a.pid");
    }

    [Fact]
    public void Omitted_files_are_collected_in_order_and_none_by_default()
    {
        var options = ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--omit-file", "proc/swaps", "--omit-file=sys/devices/system/cpu/online"])).Options;

        options.OmittedFiles.Should().Equal("proc/swaps", "sys/devices/system/cpu/online");
        ((CommandLineResult.Run)CommandLine.Parse(["mnt"])).Options.OmittedFiles.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/proc/swaps")]
    [InlineData("../proc/swaps")]
    [InlineData("proc/../../etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    public void An_omitted_file_outside_the_mount_root_is_refused(string path)
    {
        CommandLine.Parse(["mnt", "--omit-file", path])
            .Should().Be(new CommandLineResult.Invalid("--omit-file needs a path relative to the mount root without '..' (e.g. proc/swaps)"));
    }

    [Fact]
    public void Long_options_take_their_value_after_an_equals_sign_too()
    {
        var options = ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--readers=3", "--after-handoff=wait", "--handoff-socket=none"])).Options;

        options.Should().BeEquivalentTo(new DaemonOptions
        {
            MountPoint = Path.GetFullPath("mnt"),
            Readers = 3,
            AfterHandoff = AfterHandoff.Wait,
            HandoffSocket = null,
        });
        CommandLine.Parse(["mnt", "--pidfile="]).Should().Be(new CommandLineResult.Invalid("--pidfile needs a file name"));
        CommandLine.Parse(["mnt", "--no-heal=yes"]).Should().Be(new CommandLineResult.Invalid("unknown option --no-heal=yes"), "a flag takes no value");
    }

    [Fact]
    public void Help_and_version_answer_whatever_follows_them_but_not_what_precedes()
    {
        CommandLine.Parse(["-h", "--bogus"]).Should().Be(new CommandLineResult.ShowHelp());
        CommandLine.Parse(["--version"]).Should().Be(new CommandLineResult.ShowVersion(), "no mount point is needed");
        CommandLine.Parse(["--bogus", "-h"]).Should().Be(new CommandLineResult.Invalid("unknown option --bogus"));
    }

    [Fact]
    public void The_help_lists_every_option_with_its_text_in_one_column()
    {
        CommandLine.Usage.Should().Be("""
            Usage: lxcfs-daemon <mountpoint> [options]

            Serves per-container views of /proc and /sys over FUSE (an lxcfs-compatible daemon).

              -f, --foreground                 stay in the foreground (always the case; accepted for lxcfs scripts)
              -d, --debug                      log every FUSE request
              -l, --enable-loadavg             sample /proc/loadavg per container (otherwise the host's file)
              -u, --disable-swap               report no swap in meminfo and swaps
                  --enable-cfs                 count CPUs from the CFS quota as well as the cpuset
                  --enable-pidfd               accepted for compatibility (pid reuse is always guarded)
                  --enable-cgroup              accepted for lxcfs 6.0 scripts; /cgroup is not served (lxcfs 7.0 removed it)
              -p, --pidfile FILE               pidfile, locked while running (default /run/lxcfs.pid)
              -o OPTIONS                       mount options: allow_other, default_permissions, max_read=N, nonempty
                  --runtime-dir DIR            pidfile directory when -p is not given
                  --handoff-socket P           upgrade hand-off socket (default: beside the pidfile; "none" disables)
                  --after-handoff W            exit (default) or wait for a signal after handing over to a successor
                  --no-heal                    do not re-bind containers' files left on a dead mount
                  --cgroupns-pid N             join the cgroup namespace of pid N when ours differs (default 1)
                  --readers N                  threads serving FUSE requests, one waiting at a time (default: one per CPU, 2 to 8)
                  --omit-file PATH             serve the tree without PATH (relative to the mount root, e.g. proc/swaps; repeatable):
                                               for testing upgrades across versions whose served files differ
                  --metrics-address ADDR:PORT  serve Prometheus /metrics, /healthz and /readyz over plain HTTP there (e.g. 0.0.0.0:9883,
                                               [::]:9883); off by default
              -s                               accepted for compatibility, ignored
              -v, --version                    print the version and exit
              -h, --help                       print this help and exit
            """);
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "more than one mount point: a and b")]
    [InlineData(new[] { "a", "-o", "x", "-o", "y" }, "-o may be given only once")]
    [InlineData(new[] { "a", "-o", "max_read=0" }, "-o max_read=0: max_read needs a positive number")]
    [InlineData(new[] { "a", "-p" }, "-p needs a file name")]
    [InlineData(new[] { "a", "--pidfile" }, "--pidfile needs a file name")]
    [InlineData(new[] { "a", "--runtime-dir" }, "--runtime-dir needs a directory")]
    [InlineData(new[] { "a", "--handoff-socket" }, "--handoff-socket needs a path (or none)")]
    [InlineData(new[] { "a", "--cgroupns-pid", "0" }, "--cgroupns-pid needs a process id")]
    [InlineData(new[] { "a", "-o", "x", "-o" }, "-o may be given only once")]
    [InlineData(new[] { "-", "a" }, "unknown option -")]
    [InlineData(new[] { "a", "-o", "ro" }, "-o ro is not supported: the files are read-only already, and a read-only mount shows 'ro' where lxcfs shows 'rw'")]
    public void Invalid_command_lines_say_why(string[] args, string error)
    {
        CommandLine.Parse(args).Should().Be(new CommandLineResult.Invalid(error));
    }

    [Fact]
    public void The_version_constant_matches_the_assembly()
    {
        typeof(DaemonVersion).Assembly.GetName().Version!.ToString(3).Should().Be(DaemonVersion.Text);
    }
}
