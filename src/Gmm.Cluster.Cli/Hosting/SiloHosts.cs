using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Gmm.Cluster.Cli.Hosting;

/// <summary>
/// The Orleans silos of the tool. The driver's silo is the cluster's primary (development clustering: the membership
/// table lives on it, at --serve); every worker's silo joins it under its node name.
/// </summary>
internal static class SiloHosts
{
    /// <summary>The name of the driver's silo (it holds no shards).</summary>
    public const string DriverName = "driver";

    private const string ClusterName = "gmm-cluster";

    public static IHost Driver(IPEndPoint serve, GmmNodeOptions node) => Build(serve, serve, DriverName, node);

    public static IHost Worker(IPEndPoint driver, IPEndPoint advertised, string name, GmmNodeOptions node) => Build(driver, advertised, name, node);

    private static IHost Build(IPEndPoint primary, IPEndPoint self, string name, GmmNodeOptions node) =>
        new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseDevelopmentClustering(primary);
                silo.ConfigureEndpoints(self.Address, self.Port, gatewayPort: 0);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = ClusterName;
                    options.ServiceId = ClusterName;
                });
                silo.Configure<SiloOptions>(options => options.SiloName = name);
                silo.AddGmmNode(node);
            })
            .Build();
}
