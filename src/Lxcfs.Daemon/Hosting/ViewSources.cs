using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Hosting;

/// <summary>Chooses the view source the daemon serves.</summary>
public static class ViewSources
{
    public static IViewSource Create(ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HostViewSource();
    }
}
