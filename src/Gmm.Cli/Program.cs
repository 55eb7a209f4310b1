// Entry point of the gmm tool; the commands live in Commands/, the wiring in Cli.cs.
using Gmm.Cli.Infrastructure;

using var interruption = Interruption.Listen(Console.Error);
int code = Gmm.Cli.Cli.Run(args, Console.Out, Console.Error, !Console.IsOutputRedirected, interruption);
interruption.Finish();
return code;
