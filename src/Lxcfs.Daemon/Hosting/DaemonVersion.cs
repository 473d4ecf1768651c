namespace Lxcfs.Daemon.Hosting;

public static class DaemonVersion
{
    // Kept equal to <Version> in the project file (a test checks); a constant needs no reflection under AOT.
    public const string Text = "0.1.0";
}
