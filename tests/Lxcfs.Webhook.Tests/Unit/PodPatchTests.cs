using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Patching;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>The patch writer's operations, applied by the JsonPatch library, give the intended document.</summary>
public sealed class PodPatchTests
{
    private static (JsonNode Applied, string Patch) Apply(string original, Action<PodPatch> write)
    {
        using var patch = new PodPatch();
        write(patch);
        var bytes = patch.ToArray();
        var applied = JsonNode.Parse(original)!;
        JsonSerializer.Deserialize<JsonPatchDocument>(bytes)!.ApplyTo(applied, e => throw new InvalidOperationException(e.ErrorMessage));
        return (applied, Encoding.UTF8.GetString(bytes));
    }

    private static void Items(PodPatch patch, bool exists, params int[] values)
    {
        patch.BeginItems("containers", 1, "env", exists);
        foreach (var value in values)
        {
            patch.NextItem().WriteNumberValue(value);
        }

        patch.EndItems();
    }

    [Fact]
    public void Items_for_an_existing_array_are_appended_one_operation_each()
    {
        var (applied, text) = Apply("""{"spec":{"containers":[{},{"env":[0]}]}}""", p => Items(p, exists: true, 1, 2));

        applied.ToJsonString().Should().Be("""{"spec":{"containers":[{},{"env":[0,1,2]}]}}""");
        text.Should().Be("""[{"op":"add","path":"/spec/containers/1/env/-","value":1},{"op":"add","path":"/spec/containers/1/env/-","value":2}]""");
    }

    [Fact]
    public void Items_for_a_missing_array_add_it_whole_and_no_items_write_nothing()
    {
        var (applied, text) = Apply("""{"spec":{"containers":[{},{"name":"b"}]}}""", p =>
        {
            Items(p, exists: false);
            Items(p, exists: false, 3, 4);
        });

        applied.ToJsonString().Should().Be("""{"spec":{"containers":[{},{"name":"b","env":[3,4]}]}}""");
        text.Should().Be("""[{"op":"add","path":"/spec/containers/1/env","value":[3,4]}]""");
    }
}
