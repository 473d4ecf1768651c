using System.Text.Json;
using System.Text.Json.Nodes;
using Lxcfs.Webhook.Patching;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Lxcfs.Webhook.Tests.Unit;

/// <summary>The diff, applied by the JsonPatch library, turns the original into the modified document.</summary>
public sealed class JsonDiffTests
{
    [Theory]
    [InlineData("""{"a":1}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """{"a":2,"b":{"c/d":[1]}}""")]
    [InlineData("""{"a":{"x~y":1,"k":2}}""", """{"a":{"k":2}}""")]
    [InlineData("""{"l":[1,2]}""", """{"l":[1,2,3,{"q":null}]}""")]
    [InlineData("""{"l":[1,2,3]}""", """{"l":[3]}""")]
    [InlineData("""{"l":[{"m":[]},{"n":1}]}""", """{"l":[{"m":[true]},{"n":1,"o":"p"}]}""")]
    public void Applying_the_diff_gives_the_modified_document(string original, string modified)
    {
        var from = JsonNode.Parse(original)!;
        var to = JsonNode.Parse(modified)!;

        var patch = JsonPatchWriter.ToUtf8(JsonDiff.Diff(from, to));
        var applied = from.DeepClone();
        JsonSerializer.Deserialize<JsonPatchDocument>(patch)!.ApplyTo(applied, e => throw new InvalidOperationException(e.ErrorMessage));

        JsonNode.DeepEquals(applied, to).Should().BeTrue($"patch {System.Text.Encoding.UTF8.GetString(patch)} gives {applied.ToJsonString()}");
    }

    [Fact]
    public void Equal_documents_give_an_empty_patch() =>
        JsonDiff.Diff(JsonNode.Parse("""{"a":[1,{"b":2}]}"""), JsonNode.Parse("""{"a":[1,{"b":2}]}""")).Should().BeEmpty();
}
