namespace Lxcfs.Daemon.Cli;

/// <summary>
/// One row of the option table: its spellings (short first), its help line, and what it does to the
/// command line being read. Parsing, errors and <c>--help</c> all come from these rows.
/// </summary>
internal abstract record CommandLineOption(IReadOnlyList<string> Names, string Help)
{
    /// <summary>An option without a value, e.g. <c>--no-heal</c>.</summary>
    public sealed record Flag(IReadOnlyList<string> Names, string Help, Func<CommandLineDraft, CommandLineDraft> Apply)
        : CommandLineOption(Names, Help);

    /// <summary>
    /// An option with a value, the next argument (or, for a long name, <c>--name=value</c>). An empty or
    /// missing value, or one <see cref="Apply"/> refuses (returns null), is the error "<c>NAME Needs</c>".
    /// </summary>
    /// <param name="ValueName">what the value is called in the help, e.g. <c>FILE</c></param>
    /// <param name="Needs">the end of the error for a bad value, e.g. <c>needs a file name</c></param>
    /// <param name="Once">a second occurrence is an error rather than overriding the first</param>
    public sealed record Valued(
        IReadOnlyList<string> Names,
        string ValueName,
        string Help,
        string Needs,
        Func<CommandLineDraft, string, CommandLineDraft?> Apply,
        bool Once = false)
        : CommandLineOption(Names, Help);

    /// <summary>An option that ends reading with its own answer (help, version), whatever else follows.</summary>
    public sealed record Answer(IReadOnlyList<string> Names, string Help, CommandLineResult Result)
        : CommandLineOption(Names, Help);
}
