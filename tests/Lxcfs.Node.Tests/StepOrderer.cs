using Xunit.Sdk;
using Xunit.v3;

namespace Lxcfs.Node.Tests;

/// <summary>The scenario's place in the user's path: install first, uninstall last.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number { get; } = number;
}

/// <summary>Runs a class's tests in the order of their <see cref="StepAttribute"/>.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        testCases.OrderBy(testCase => Step(testCase)).ToList();

    private static int Step(ITestCase testCase) =>
        testCase is IXunitTestCase xunit && xunit.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute), false)
            is [StepAttribute step, ..]
            ? step.Number
            : int.MaxValue;
}
