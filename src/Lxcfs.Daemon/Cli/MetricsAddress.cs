using System.Globalization;
using System.Net;

namespace Lxcfs.Daemon.Cli;

/// <summary>
/// The value of <c>--metrics-address</c>: an IP address and a port, <c>0.0.0.0:9883</c>,
/// <c>127.0.0.1:9883</c> or <c>[::]:9883</c>. No host names: the daemon resolves nothing.
/// </summary>
internal static class MetricsAddress
{
    public static IPEndPoint? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            return null;
        }

        var host = text[..colon];
        if (host.StartsWith('[') != host.EndsWith(']'))
        {
            return null;
        }

        var bracketed = host.StartsWith('[');
        var bare = bracketed ? host[1..^1] : host;
        // An IPv6 address must be bracketed, so that its last group is never taken for the port.
        return IPAddress.TryParse(bare, out var address) && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == bracketed
            && !bare.Contains('%', StringComparison.Ordinal)
            ? new IPEndPoint(address, port)
            : null;
    }
}
