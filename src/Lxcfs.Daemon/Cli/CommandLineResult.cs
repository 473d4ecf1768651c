namespace Lxcfs.Daemon.Cli;

/// <summary>What the command line asks for.</summary>
public abstract record CommandLineResult
{
    public sealed record Run(DaemonOptions Options) : CommandLineResult;

    public sealed record ShowVersion : CommandLineResult;

    public sealed record ShowHelp : CommandLineResult;

    public sealed record Invalid(string Error) : CommandLineResult;
}
