// Fixtures run side by side: each integration fixture has its own API host and clock, and each test its own users, and
// every query of the API names its owner. A fixture or test that shares something more (the process's meters, the
// machine's time while it measures, the purge that deletes every user's expired rows) is [NonParallelizable], with why.
// Four workers on a two-core machine: most of a test's time is spent waiting for PostgreSQL, not computing.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
