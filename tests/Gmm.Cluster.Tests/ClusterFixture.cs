using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Gmm.Cluster.Tests;

/// <summary>
/// One in-process cluster of 3 silos (Orleans' test host, loopback) for the whole collection: every silo is a node
/// named by its silo name, reading <see cref="TestShards"/> and computing on the CPU through <see cref="Faults"/>. The
/// message limit is 1 MiB, so that large models and statistics travel in parts. Only the primary silo, which no test
/// kills, is a gateway: an external client sends all its calls through one gateway and gets the replies back through it,
/// so a killed gateway silo loses the replies of calls to other, healthy nodes in flight through it (they end at the
/// call timeout, and those nodes are left out) — a test that kills a node must not also kill the client's gateway.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int MessageLimit = 1 << 20;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.Options.GatewayPerSilo = false;
        builder.AddSiloBuilderConfigurator<NodeConfigurator>();
        builder.AddClientBuilderConfigurator<DriverConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        Faults.Release();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>The names of the silos running now (a test that kills one starts another).</summary>
    public IReadOnlyList<string> Nodes => [.. Cluster.GetActiveSilos().Select(s => s.Name).Order(StringComparer.Ordinal)];

    /// <summary>A driver on the external client (no membership service: it polls the silos' status during a fit).</summary>
    public GmmCluster Driver(TimeSpan? deadline = null) =>
        new(Cluster.Client, new GmmClusterOptions { MessageLimitBytes = MessageLimit, ShardDeadline = deadline ?? TimeSpan.FromSeconds(60) });

    /// <summary>A driver in the primary silo, as gmm-cluster's: it subscribes to the silo's membership updates.</summary>
    public GmmCluster SiloDriver(TimeSpan deadline)
    {
        var services = ((InProcessSiloHandle)Cluster.Primary!).ServiceProvider;
        return new(services.GetRequiredService<IGrainFactory>(), new GmmClusterOptions { MessageLimitBytes = MessageLimit, ShardDeadline = deadline },
            services.GetRequiredService<IClusterMembershipService>());
    }

    internal static GmmNodeOptions NodeOptions => new() { MessageLimitBytes = MessageLimit, CallTimeout = TimeSpan.FromSeconds(60) };

    private sealed class NodeConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<IShardReader, TestShards>();
            silo.Services.AddSingleton<IEmBackendProvider>(services => new FaultyBackendProvider(services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName));
            silo.AddGmmNode(NodeOptions);
        }
    }

    private sealed class DriverConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) => client.AddGmmClient(NodeOptions);
    }
}
