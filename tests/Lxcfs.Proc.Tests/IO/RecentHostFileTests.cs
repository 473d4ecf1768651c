using System.Text;
using Lxcfs.Proc.IO;

namespace Lxcfs.Proc.Tests.IO;

public sealed class RecentHostFileTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void WithinItsMaxAge_TheFirstReadIsShared_EvenAfterTheFileChanged()
    {
        File.WriteAllText(_file, "cpu MHz\t\t: 2400.000\n");
        var recent = new RecentHostFile(_file, TimeSpan.FromHours(1));
        Text(recent.Read()).Should().Be("cpu MHz\t\t: 2400.000\n");

        File.WriteAllText(_file, "cpu MHz\t\t: 3100.000\n");

        Text(recent.Read()).Should().Be("cpu MHz\t\t: 2400.000\n");
    }

    [Fact]
    public void PastItsMaxAge_TheFileIsReadAgain()
    {
        File.WriteAllText(_file, "cpu MHz\t\t: 2400.000\n");
        var recent = new RecentHostFile(_file, TimeSpan.Zero);
        Text(recent.Read()).Should().Be("cpu MHz\t\t: 2400.000\n");

        File.WriteAllText(_file, "cpu MHz\t\t: 3100.000\n");

        Text(recent.Read()).Should().Be("cpu MHz\t\t: 3100.000\n");
    }

    [Fact]
    public void AMissingFile_ThrowsLikeAnyHostRead()
    {
        var recent = new RecentHostFile(_file + ".missing", TimeSpan.FromSeconds(1));

        recent.Invoking(r => r.Read()).Should().Throw<FileNotFoundException>();
    }

    private static string Text(ReadOnlyMemory<byte> content) => Encoding.ASCII.GetString(content.Span);
}
