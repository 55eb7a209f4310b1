using Gmm.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gmm.ClusterBench;

/// <summary>Every silo of the bench's test host is a node reading <see cref="MemoryShards"/> on the CPU backend.</summary>
internal sealed class SiloSetup : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IShardReader, MemoryShards>();
        silo.AddGmmNode(new GmmNodeOptions());
    }
}
