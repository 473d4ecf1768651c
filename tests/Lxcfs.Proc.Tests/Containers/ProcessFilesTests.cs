using Lxcfs.Proc.Containers;

namespace Lxcfs.Proc.Tests.Containers;

public sealed class ProcessFilesTests
{
    [Fact]
    public void ParseStartTime_CommWithSpacesAndParentheses_ReadsField22()
    {
        var stat = "42 (a) b (c)) S 1 " + string.Join(' ', Enumerable.Repeat("7", 17)) + " 123456 9 9\n";

        ProcessFiles.ParseStartTime(System.Text.Encoding.ASCII.GetBytes(stat)).Should().Be(123456UL);
    }
}
