// Entry point of the gmm tool; the commands live in Commands/, the wiring in Cli.cs.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
return Gmm.Cli.Cli.Run(args, Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected, cancellation.Token);
