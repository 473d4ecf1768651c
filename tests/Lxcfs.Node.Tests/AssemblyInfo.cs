// One node, one release, scenarios that build on each other: one test at a time, in step order.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCaseOrderer(typeof(Lxcfs.Node.Tests.StepOrderer))]
[assembly: AssemblyFixture(typeof(Lxcfs.Node.Tests.NodeCluster))]
