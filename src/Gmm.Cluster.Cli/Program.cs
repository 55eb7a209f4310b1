// Entry point of the gmm-cluster tool: gmm's fit over a cluster of nodes (commands in Commands/, wiring in ClusterCli.cs).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
return await Gmm.Cluster.Cli.ClusterCli.RunAsync(args, Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected, cancellation.Token);
