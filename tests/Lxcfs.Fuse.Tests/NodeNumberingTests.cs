using System.Buffers;
using Lxcfs.Fuse.FileSystem;

namespace Lxcfs.Fuse.Tests;

/// <summary>How a tree numbers its nodes, afresh and when it keeps a predecessor's ids.</summary>
public sealed class NodeNumberingTests
{
    private static FsDirectory Tree(params string[] files)
    {
        var root = FsTree.NewRoot();
        foreach (var file in files)
        {
            var parts = file.Split('/');
            var directory = root;
            foreach (var part in parts[..^1])
            {
                directory = directory.Directory(part);
            }

            directory.Add(new FsFile(parts[^1], (_, output) => output.Write(System.Text.Encoding.ASCII.GetBytes(file))));
        }

        return root;
    }

    private static Dictionary<string, ulong> Ids(FsTree tree) => tree.Identities.Where(n => tree.Find(n.NodeId) is not null).ToDictionary(n => n.Path, n => n.NodeId);

    [Fact]
    public void Afresh_ids_follow_a_depth_first_walk_in_insertion_order()
    {
        var tree = new FsTree(Tree("proc/a", "proc/b", "sys/cpu/online"));

        Ids(tree).Should().Equal(new Dictionary<string, ulong>
        {
            [""] = 1, ["proc"] = 2, ["sys"] = 3, ["proc/a"] = 4, ["proc/b"] = 5, ["sys/cpu"] = 6, ["sys/cpu/online"] = 7,
        });
        tree.Retired.Should().BeEmpty();
    }

    [Fact]
    public void A_new_file_gets_an_id_above_all_kept_ones_and_no_kept_path_moves()
    {
        var before = new FsTree(Tree("proc/a", "proc/b", "sys/cpu/online"));

        var after = new FsTree(Tree("proc/a", "proc/new", "proc/b", "sys/cpu/online"), before.Identities);

        Ids(after).Should().Equal(new Dictionary<string, ulong>
        {
            [""] = 1, ["proc"] = 2, ["sys"] = 3, ["proc/a"] = 4, ["proc/b"] = 5, ["sys/cpu"] = 6, ["sys/cpu/online"] = 7, ["proc/new"] = 8,
        });
        after.Find(8).Should().BeOfType<FsFile>().Which.Path.Should().Be("proc/new");
    }

    [Fact]
    public void A_file_no_longer_served_keeps_its_id_retired_and_gets_it_back_when_served_again()
    {
        var full = new FsTree(Tree("proc/a", "proc/b", "sys/cpu/online"));

        var smaller = new FsTree(Tree("proc/b", "sys/cpu/online"), full.Identities);
        var fullAgain = new FsTree(Tree("proc/a", "proc/b", "sys/cpu/online", "proc/c"), smaller.Identities);

        smaller.Find(4).Should().BeNull("a node id the kernel may still hold answers ENOENT, never another file");
        smaller.Retired.Should().Equal(new NodeIdentity(4, "proc/a", false));
        smaller.Identities.Should().Contain(new NodeIdentity(4, "proc/a", false), "the next instance must not reuse it either");
        Ids(fullAgain)["proc/a"].Should().Be(4);
        Ids(fullAgain)["proc/c"].Should().Be(8, "ids above every one ever given");
        fullAgain.Retired.Should().BeEmpty();
    }

    [Fact]
    public void A_path_that_changes_kind_changes_id_and_its_old_id_is_retired()
    {
        var before = new FsTree(Tree("proc/a", "proc/b"));

        var after = new FsTree(Tree("proc/a/inner", "proc/b"), before.Identities);

        after.Find(3).Should().BeNull("the kernel never lets an inode change type");
        after.Resolve("proc/a")!.NodeId.Should().Be(5);
        after.Resolve("proc/a")!.IsDirectory.Should().BeTrue();
        after.Resolve("proc/b")!.NodeId.Should().Be(4);
        after.Retired.Should().Equal(new NodeIdentity(3, "proc/a", false));
    }

    [Theory]
    [InlineData(0UL, "proc/x")]
    [InlineData(1UL, "proc/x")]
    [InlineData(70000UL, "proc/x")]
    [InlineData(9UL, "")]
    public void Ids_that_cannot_be_kept_are_refused(ulong id, string path)
    {
        var build = () => new FsTree(Tree("proc/a"), [new NodeIdentity(id, path, false)]);

        build.Should().Throw<ArgumentException>().WithMessage("*cannot be kept*");
    }

    [Fact]
    public void An_id_or_path_given_twice_is_refused()
    {
        var sameId = () => new FsTree(Tree("proc/a"), [new(4, "proc/a", false), new(4, "proc/b", false)]);
        var samePath = () => new FsTree(Tree("proc/a"), [new(4, "proc/a", false), new(5, "proc/a", false)]);

        sameId.Should().Throw<ArgumentException>().WithMessage("*given twice*");
        samePath.Should().Throw<ArgumentException>().WithMessage("*given twice*");
    }
}
