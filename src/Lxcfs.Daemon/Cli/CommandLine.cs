namespace Lxcfs.Daemon.Cli;

/// <summary>
/// Reads the daemon's command line by the rows of <see cref="OptionTable"/>: lxcfs's options, so start
/// scripts written for lxcfs work, and this daemon's own.
/// </summary>
public static class CommandLine
{
    private static readonly Dictionary<string, CommandLineOption> s_byName = OptionTable.Rows
        .SelectMany(row => row.Names, (row, name) => (row, name))
        .ToDictionary(pair => pair.name, pair => pair.row, StringComparer.Ordinal);

    /// <summary>The <c>--help</c> text, also printed after a command-line error.</summary>
    public static string Usage { get; } = CommandLineHelp.Write(OptionTable.Rows);

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var draft = new CommandLineDraft();
        var given = new HashSet<CommandLineOption>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inlineValue) = SplitInlineValue(arg);
            switch (s_byName.GetValueOrDefault(name))
            {
                case CommandLineOption.Answer answer when inlineValue is null:
                    return answer.Result;
                case CommandLineOption.Flag flag when inlineValue is null:
                    draft = flag.Apply(draft);
                    break;
                case CommandLineOption.Valued valued:
                    if (valued.Once && !given.Add(valued))
                    {
                        return new CommandLineResult.Invalid($"{name} may be given only once");
                    }

                    var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    if (string.IsNullOrEmpty(value) || valued.Apply(draft, value) is not { } applied)
                    {
                        return new CommandLineResult.Invalid($"{name} {valued.Needs}");
                    }

                    draft = applied;
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        return new CommandLineResult.Invalid($"unknown option {arg}");
                    }

                    if (draft.MountPoint is not null)
                    {
                        return new CommandLineResult.Invalid($"more than one mount point: {draft.MountPoint} and {arg}");
                    }

                    draft = draft with { MountPoint = arg };
                    break;
            }
        }

        return draft.Finish();
    }

    /// <summary><c>--name=value</c> gives a long option its value in the same argument, as getopt_long does.</summary>
    private static (string Name, string? Value) SplitInlineValue(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
}
