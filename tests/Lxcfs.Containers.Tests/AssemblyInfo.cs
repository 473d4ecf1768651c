// The crash tests kill a daemon and heal every container on the host whose LXCFS binds are dead; run
// one test at a time so one test's healing can never reach another test's containers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
