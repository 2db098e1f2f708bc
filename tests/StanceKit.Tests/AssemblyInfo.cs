// The unit tests are independent of each other, so fixtures run side by side (tests that measure the whole
// process, such as the long-stream memory test, are marked [NonParallelizable] and run alone).
[assembly: Parallelizable(ParallelScope.Fixtures)]
