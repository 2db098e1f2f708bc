using System.Text;
using StanceKit.Cli;

// Exit codes (also printed by --help): see ExitCodes.
Console.OutputEncoding = new UTF8Encoding(false);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops at the next line or sentence boundary; output written so far stays valid.
    e.Cancel = true;
    cts.Cancel();
};
return Commands.Run(args, Console.Error, cts.Token);
