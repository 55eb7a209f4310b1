using System.Net;
using System.Net.Sockets;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cluster.Cli.Hosting;

/// <summary>HOST:PORT arguments, and the address a node advertises to the driver.</summary>
internal static class Endpoints
{
    /// <summary>Parses HOST:PORT (a name or an IPv4/IPv6 address; [v6]:port) into an address the silos can use.</summary>
    public static IPEndPoint Parse(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new CliException($"{option} '{text}' must be HOST:PORT (for example 127.0.0.1:11111).");
        string host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return Concrete(new IPEndPoint(address, port), option, text);
        IPAddress[] found;
        try
        {
            found = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new CliException($"{option} '{text}': cannot resolve {host}: {e.Message}", e);
        }
        var chosen = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw new CliException($"{option} '{text}': {host} has no address.");
        return Concrete(new IPEndPoint(chosen, port), option, text);
    }

    /// <summary>The local address this machine uses to reach <paramref name="driver"/> (what a worker advertises).</summary>
    public static IPAddress RouteTo(IPEndPoint driver)
    {
        using var probe = new Socket(driver.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(driver); // UDP: no packet is sent, the kernel only picks the route
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    /// <summary>Whether a TCP connection to <paramref name="endpoint"/> opens within two seconds.</summary>
    public static async Task<bool> AnswersAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static IPEndPoint Concrete(IPEndPoint endpoint, string option, string text) =>
        endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any)
            ? throw new CliException($"{option} '{text}': give the address the other nodes reach this one at, not {endpoint.Address}.")
            : endpoint;
}
