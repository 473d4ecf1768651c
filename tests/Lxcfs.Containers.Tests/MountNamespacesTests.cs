using Lxcfs.Daemon.Healing;

namespace Lxcfs.Containers.Tests;

/// <summary>One process per mount namespace, never the daemon's own.</summary>
public sealed class MountNamespacesTests
{
    [Fact]
    public void Keeps_the_oldest_process_of_each_namespace_and_drops_the_own_namespace()
    {
        // Namespace 2's init is pid 900; pid 250 is a later child, numbered lower after pid wrap-around.
        NamespaceProcess[] processes = [new(900, 2, 5000), new(12, 1, 10), new(300, 3, 7000), new(301, 3, 7001), new(1, 1, 1), new(250, 2, 9000)];

        MountNamespaces.Distinct(processes, own: 1).Should().Equal(new NamespaceProcess(300, 3, 7000), new NamespaceProcess(900, 2, 5000));
    }

    [Fact]
    public void Reads_the_start_time_after_a_command_name_with_spaces_and_parentheses()
    {
        const string Stat = "24816 (my (odd) cmd) R 24751 24751 4926 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 351556 3133440 416 18446744073709551615 0";

        MountNamespaces.ParseStartTime(Stat).Should().Be(351556UL);
        MountNamespaces.ParseStartTime("1 (init) S 0").Should().BeNull();
    }

    [Theory]
    [InlineData("mnt:[4026531841]", 4026531841UL)]
    [InlineData("mnt:[1]", 1UL)]
    public void Parses_a_namespace_link(string link, ulong inode) => MountNamespaces.ParseLink(link).Should().Be(inode);

    [Theory]
    [InlineData(null)]
    [InlineData("net:[4026531840]")]
    [InlineData("mnt:[]")]
    [InlineData("mnt:[12")]
    [InlineData("mnt:[-1]")]
    public void Rejects_anything_else(string? link) => MountNamespaces.ParseLink(link).Should().BeNull();

    [Fact]
    public void The_scan_of_this_host_skips_the_own_namespace_and_lists_each_namespace_once()
    {
        Lxcfs.Testing.Prerequisite.RequireRoot();
        var own = MountNamespaces.Inode("/proc/self/ns/mnt");

        var scanned = MountNamespaces.Scan();

        own.Should().NotBeNull();
        scanned.Select(p => p.Inode).Should().OnlyHaveUniqueItems().And.NotContain(own!.Value);
        scanned.Should().OnlyContain(p => MountNamespaces.Inode($"/proc/{p.Pid}/ns/mnt") == null || MountNamespaces.Inode($"/proc/{p.Pid}/ns/mnt") == p.Inode);
    }
}
