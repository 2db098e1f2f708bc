using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "parser-speed")
{
    StanceKit.Benchmarks.ParserSpeed.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "parser-dev")
{
    StanceKit.Benchmarks.ParserSpeed.Dev(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "scoring-speed")
{
    StanceKit.Benchmarks.ScoringSpeed.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "document-speed")
{
    StanceKit.Benchmarks.DocumentSpeed.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "entity-speed")
{
    StanceKit.Benchmarks.EntitySpeed.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(StanceKit.Benchmarks.BenchmarkData).Assembly).Run(args);
