using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Gmm.Cluster;

/// <summary>Makes an Orleans silo a node of a Gaussian-mixture cluster (a worker holding shards, or the driver's own silo).</summary>
public static class GmmNodeHosting
{
    /// <summary>
    /// Registers the node's worker, its placement by node name (the silo's <see cref="SiloOptions.SiloName"/> is the
    /// node's name) and the message size limit and call timeout of <paramref name="options"/>. An
    /// <see cref="IShardReader"/> or <see cref="IEmBackendProvider"/> registered in the silo's services takes the place of
    /// the options' (a host that chooses them per silo).
    /// </summary>
    public static ISiloBuilder AddGmmNode(this ISiloBuilder silo, GmmNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        silo.Services.AddSingleton(services => new NodeStore(services.GetService<IShardReader>() ?? options.Reader, services.GetService<IEmBackendProvider>() ?? options.Backend));
        silo.Services.AddPlacementDirector<NodePlacement, NodePlacementDirector>();
        silo.Configure<SiloMessagingOptions>(messaging =>
        {
            messaging.MaxMessageBodySize = options.MessageLimitBytes;
            messaging.ResponseTimeout = options.CallTimeout;
        });
        return silo;
    }

    /// <summary>The same message size limit and call timeout on an external client (a driver that is not a silo).</summary>
    public static IClientBuilder AddGmmClient(this IClientBuilder client, GmmNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        client.Configure<ClientMessagingOptions>(messaging =>
        {
            messaging.MaxMessageBodySize = options.MessageLimitBytes;
            messaging.ResponseTimeout = options.CallTimeout;
        });
        return client;
    }
}
