using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(StanceKit.Benchmarks.BenchmarkData).Assembly).Run(args);
