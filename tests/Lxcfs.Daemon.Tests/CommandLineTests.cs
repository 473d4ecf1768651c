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

    [Fact]
    public void Runtime_dir_places_the_default_pidfile()
    {
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--runtime-dir", "/tmp/rt"])).Options.PidFile.Should().Be("/tmp/rt/lxcfs.pid");
        ((CommandLineResult.Run)CommandLine.Parse(["mnt", "--runtime-dir=/tmp/rt", "--pidfile=/a.pid"])).Options.PidFile.Should().Be("/a.pid");
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "more than one mount point: a and b")]
    [InlineData(new[] { "a", "-o", "x", "-o", "y" }, "-o may be given only once")]
    [InlineData(new[] { "a", "-o", "max_read=0" }, "-o max_read=0: max_read needs a positive number")]
    [InlineData(new[] { "a", "-p" }, "-p needs a file name")]
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
