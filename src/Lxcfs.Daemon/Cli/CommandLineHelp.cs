using System.Text;

namespace Lxcfs.Daemon.Cli;

/// <summary>Writes <c>--help</c> from the option table: one line per option, help texts in one column.</summary>
internal static class CommandLineHelp
{
    private const string Heading =
        "Usage: lxcfs-daemon <mountpoint> [options]\n\n"
        + "Serves per-container views of /proc and /sys over FUSE (an lxcfs-compatible daemon).\n\n";

    private const string Indent = "  ";

    public static string Write(IReadOnlyList<CommandLineOption> rows)
    {
        var spellings = rows.Select(Spelling).ToArray();
        var column = spellings.Max(spelling => spelling.Length) + 2;
        var text = new StringBuilder(Heading);
        for (var i = 0; i < rows.Count; i++)
        {
            var lines = rows[i].Help.Split('\n');
            text.Append(Indent).Append(spellings[i].PadRight(column)).Append(lines[0]);
            foreach (var continuation in lines.Skip(1))
            {
                text.Append('\n').Append(' ', Indent.Length + column).Append(continuation);
            }

            if (i + 1 < rows.Count)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary><c>-p, --pidfile FILE</c>; a long-only name is indented to line up with the long names beside short ones.</summary>
    private static string Spelling(CommandLineOption row)
    {
        var shortName = row.Names.FirstOrDefault(name => !IsLong(name));
        var longName = row.Names.FirstOrDefault(IsLong);
        var names = (shortName, longName) switch
        {
            (null, _) => "    " + longName,
            (_, null) => shortName,
            _ => $"{shortName}, {longName}",
        };
        return row is CommandLineOption.Valued valued ? $"{names} {valued.ValueName}" : names;
    }

    private static bool IsLong(string name) => name.StartsWith("--", StringComparison.Ordinal);
}
